"""One ``flask scheduler run`` as bench/faults/scheduler.py starts it, with the clock moved to a
working morning (reminders are only sent in working hours) and the standby's poll as an argument.

    python bench/faults/scheduler_proc.py <ISO start moment> <standby poll seconds>

The moment is where the app's clock starts; it then runs at the real pace. Everything else is
``petition_app.jobs.run_scheduler`` unchanged: the advisory lock, the jobs, the heartbeat."""
import logging
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402, F401 - puts the project root on the path

from petition_app import create_app  # noqa: E402
from petition_app.jobs import run_scheduler  # noqa: E402


def main() -> None:
    start, poll = datetime.fromisoformat(sys.argv[1]), int(sys.argv[2])
    began = time.monotonic()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    app = create_app()
    app.config["CLOCK"] = lambda: start + timedelta(seconds=time.monotonic() - began)
    run_scheduler(app, standby_poll_seconds=poll)


if __name__ == "__main__":
    main()
