"""The OpenAPI 3.1 document, built from the routes as they are declared: each operation names its
query and body models (which validate the request) and its response models (schemas.py)."""
import re
from dataclasses import dataclass, field
from functools import wraps

from flask import Blueprint, request
from flask_babel import gettext as _
from pydantic import BaseModel, ValidationError

from . import schemas
from .problems import ApiProblem, from_validation

REF = "#/components/schemas/{model}"


@dataclass
class Operation:
    path: str
    method: str
    name: str
    summary: str
    query: type[BaseModel] | None
    body: type[BaseModel] | None
    ok: tuple[int, type[BaseModel]]
    problems: tuple[int, ...]
    path_params: dict[str, dict] = field(default_factory=dict)


OPERATIONS: list[Operation] = []


def route(bp: Blueprint, rule: str, method: str, *, summary: str, ok: tuple[int, type[BaseModel]],
          problems: tuple[int, ...] = (), query: type[BaseModel] | None = None, body: type[BaseModel] | None = None):
    """Register a view and its operation; the view receives ``query=`` / ``body=`` as validated models."""
    path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)
    params = {name: {"type": "integer", "minimum": 1, "maximum": 2**31 - 1} if conv == "id" else
              {"type": "string", "enum": [a.value for a in schemas.Action]}
              for conv, name in re.findall(r"<(\w+):(\w+)>", rule)}
    params.update({name: {"type": "string", "enum": [a.value for a in schemas.Action]}
                   for name in re.findall(r"<(\w+)>", rule)})

    def decorate(view):
        OPERATIONS.append(Operation(path, method.lower(), view.__name__, summary, query, body, ok,
                                    problems, params))

        @wraps(view)
        def validated(**kwargs):
            try:
                if query is not None:
                    kwargs["query"] = query.model_validate(request.args.to_dict())
                if body is not None:
                    if not request.is_json:
                        raise ApiProblem(415, _("Gửi nội dung dạng application/json."))
                    data = request.get_json(silent=True)
                    if not isinstance(data, dict):
                        raise ApiProblem(400, _("Nội dung phải là một đối tượng JSON."), slug="malformed")
                    # No text anywhere may hold NUL (PostgreSQL cannot store it; nobody types it).
                    nul = [(name, _("Có ký tự không được phép.")) for name, value in data.items()
                           if isinstance(value, str) and "\x00" in value]
                    if nul:
                        raise ApiProblem(422, _("Có mục chưa hợp lệ; xem từng mục."), nul, slug="validation")
                    kwargs["body"] = body.model_validate(data)
            except ValidationError as error:
                raise from_validation(error) from None
            return view(**kwargs)

        bp.add_url_rule(rule, view.__name__, validated, methods=[method])
        return validated

    return decorate


def _problem(status: int) -> dict:
    return {"description": str(status), "content": {"application/problem+json": {
        "schema": {"$ref": REF.format(model="Problem")}}}}


def document(server_url: str) -> dict:
    models = {schemas.Problem}
    defs: dict[str, dict] = {}
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        parameters = [{"name": name, "in": "path", "required": True, "schema": schema}
                      for name, schema in op.path_params.items()]
        if op.query is not None:
            query_schema = op.query.model_json_schema(ref_template=REF)
            defs.update(query_schema.get("$defs", {}))
            for name, prop in query_schema["properties"].items():
                parameters.append({"name": name, "in": "query", "required": name in query_schema.get("required", ()),
                                   "schema": _not_null(prop),
                                   **({"description": prop["description"]} if "description" in prop else {})})
        status, model = op.ok
        models.add(model)
        responses = {str(status): {"description": op.summary, "content": {"application/json": {
            "schema": {"$ref": REF.format(model=model.__name__)}}}}}
        for code in sorted({401, *op.problems}):
            responses[str(code)] = _problem(code)
        operation = {"operationId": op.name, "summary": op.summary, "parameters": parameters,
                     "responses": responses}
        if op.body is not None:
            models.add(op.body)
            operation["requestBody"] = {"required": True, "content": {"application/json": {
                "schema": {"$ref": REF.format(model=op.body.__name__)}}}}
        paths.setdefault(op.path, {})[op.method] = operation
    components: dict[str, dict] = defs
    for model in models:
        schema = model.model_json_schema(ref_template=REF)
        components.update(schema.pop("$defs", {}))
        components[model.__name__] = schema
    return {
        "openapi": "3.1.0",
        "info": {"title": "Petition staff API", "version": "1.0.0",
                 "description": "Cases, their deadlines and timeline, staff intake and workflow actions, "
                                "for members of staff with a bearer token issued by an administrator."},
        "servers": [{"url": server_url}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {"schemas": dict(sorted(components.items())),
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    }


def _not_null(prop: dict) -> dict:
    """A query parameter is absent or has a value: never JSON null."""
    variants = [v for v in prop.get("anyOf", ()) if v != {"type": "null"}]
    if len(variants) == 1:
        rest = {k: v for k, v in prop.items() if k not in ("anyOf", "default")}
        return {**variants[0], **rest}
    return {k: v for k, v in prop.items() if k != "default"}
