"""`flask portal …` commands (README.md, "Other commands")."""
import click
from flask import current_app
from flask.cli import AppGroup

from portal.accounts.services import create_admin, password_problem
from portal.config import LOCALES

portal_cli = AppGroup("portal", help="Run the portal's own tasks.")


@portal_cli.command("load-reference-data")
def load_reference_data_command():
    """Add the shipped countries, taxonomy, groups, currencies and rates the database lacks."""
    from portal.reference.services import load_reference_data

    added = load_reference_data()
    if not added:
        click.echo("Reference data is up to date.")
    for table, count in sorted(added.items()):
        click.echo(f"{table}: {count} added")


@portal_cli.command("seed-demo")
def seed_demo_command():
    """Create the demo data (idempotent) and print the demo accounts."""
    from portal.demo import seed_demo

    accounts = seed_demo()
    click.echo("Demo accounts (password for all: %s):" % accounts[0]["password"])
    for account in accounts:
        click.echo(f"  {account['role']:<8} {account['email']:<28} {account['name']}")


@portal_cli.command("seed-bench")
@click.option("--organizations", default=2000, show_default=True)
@click.option("--needs", default=50000, show_default=True)
@click.option("--projects", default=5000, show_default=True)
def seed_bench_command(organizations, needs, projects):
    """Grow the database to a realistic size for `make bench` (after seed-demo); the stored
    suggestions are left to `rematch`, which the benchmark times."""
    from portal.bench_data import seed_bench

    added_organizations, added_needs, added_projects, added_pledges = seed_bench(organizations, needs, projects)
    click.echo(f"{added_organizations} organizations and {added_needs} needs added, "
               f"{added_projects} projects with {added_pledges} pledges.")


@portal_cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--locale", type=click.Choice(LOCALES), default="ar", show_default=True)
@click.password_option()
def create_admin_command(email, name, locale, password):
    """Create an administrator, or make an existing account one."""
    problem = password_problem(password, email, name)
    if problem:
        raise click.BadParameter(str(problem), param_hint="password")
    user = create_admin(email, name, password, locale)
    click.echo(f"{user.email} is an administrator.")


@portal_cli.command("expire-needs")
def expire_needs_command():
    """Mark published needs whose end date has passed as expired (idempotent, for cron)."""
    from datetime import date

    from portal.needs.services import expire_needs

    click.echo(f"{expire_needs(date.today())} needs expired.")


@portal_cli.command("forum-reminders")
def forum_reminders_command():
    """Mail the approved participants of an edition opening within a week, each once (for cron)."""
    from datetime import date

    from portal.forum.services import send_forum_reminders

    click.echo(f"{send_forum_reminders(date.today())} forum reminders sent.")


def reminder_jobs() -> list:
    """What `remind` sends: each a job of the day's date (ISO) that mails each reminder due once,
    however often it runs. Another reminder is one more function in this list."""
    from portal.agreements.services import send_review_reminders
    from portal.meetings.services import send_overdue_action_item_digest

    return [send_review_reminders, send_overdue_action_item_digest]


@portal_cli.command("remind")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day to remind for (YYYY-MM-DD), to catch up a missed day; today by default.")
def remind_command(today):
    """Send the reminders due today, each once: agreements coming up for review 90 and 30 days
    before their review date, and the weekly list of overdue action items to those in charge
    (idempotent, for cron on any one server)."""
    from datetime import date

    from portal.core.jobs import enqueue
    from portal.extensions import db

    day = (today.date() if today else date.today()).isoformat()
    inline = current_app.config["JOBS_BACKEND"] == "inline"
    for job in reminder_jobs():
        enqueue(job, day)
        click.echo(f"{job.__name__} for {day}: {'done' if inline else 'queued'}.")
    db.session.commit()


@portal_cli.command("purge-visa-data")
def purge_visa_data_command():
    """Erase the passport details given for visa letters, 90 days after each edition (for cron)."""
    from datetime import date

    from portal.forum.services import purge_visa_data

    click.echo(f"Passport details erased from {purge_visa_data(date.today())} registrations.")


@portal_cli.command("rematch")
def rematch_command():
    """Recompute the stored suggestions of every published need (after changing the weights)."""
    import time

    from portal.projects.matching import rematch_all, suggestible_need_ids

    started = time.perf_counter()
    need_ids = suggestible_need_ids()
    with click.progressbar(length=len(need_ids), label="Matching needs with projects") as bar:
        rematch_all(need_ids, progress=bar.update)
    click.echo(f"{len(need_ids)} needs matched in {time.perf_counter() - started:.1f} s.")


@portal_cli.command("import-sanctions")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_sanctions_command(file):
    """Replace the sanctions list with the UN Security Council consolidated list's XML FILE
    (downloaded by hand), then screen every organization against it."""
    from portal.sanctions.services import ListProblem, import_list, organization_count, screen_everyone

    try:
        imported = import_list(file)
    except ListProblem as problem:
        raise click.ClickException(f"{file}: {problem} Nothing was imported.") from None
    click.echo(f"{imported.individuals} individuals and {imported.entities} entities imported from {imported.file_name}.")
    with click.progressbar(length=organization_count(), label="Screening organizations") as bar:
        screen_everyone(progress=bar.update)
    inline = current_app.config["JOBS_BACKEND"] == "inline"
    click.echo("Every organization is screened." if inline else "Every organization is queued for screening.")


@portal_cli.command("worker")
def worker_command():
    """Run an RQ worker for the job queue (JOBS_BACKEND=rq)."""
    from redis import Redis
    from rq import Queue, Worker

    from portal.core.jobs import QUEUE_NAME

    if current_app.config["JOBS_BACKEND"] != "rq":
        raise click.UsageError("Set JOBS_BACKEND=rq and REDIS_URL to run a worker.")
    # A connection of its own: the pages' client gives up after half a second, and a worker waits
    # on the queue for longer than that.
    connection = Redis.from_url(current_app.config["REDIS_URL"])
    Worker([Queue(QUEUE_NAME, connection=connection)], connection=connection).work()
