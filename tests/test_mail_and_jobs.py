import smtplib

import pytest
from flask_babel import lazy_gettext as _l
from redis.exceptions import ConnectionError as RedisConnectionError

from portal.core import jobs
from portal.core.audit import AuditEntry, AuditLogIsAppendOnly, record_audit
from portal.core.mail import MessageState, OutboxMessage, deliver_message, send_mail
from portal.extensions import db


class Person:
    name = "Fatima"


def queue_confirmation(locale="fr") -> OutboxMessage:
    return send_mail(
        "confirm_email", "fatima@example.org", locale, _l("Confirm your email address"),
        "accounts/mail/confirm.txt", user=Person(), confirm_url="http://localhost/fr/confirm/x",
    )


def test_mail_is_written_in_the_recipients_language(app):
    with app.test_request_context("/en/"):
        message = queue_confirmation("fr")
        db.session.commit()
        assert message.subject == "Confirmez votre adresse électronique"
        assert message.body.startswith("Bonjour Fatima,")
        assert message.state == MessageState.SENT


def test_a_failing_mail_server_marks_the_message_failed(app, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPConnectError(421, "try later")

    monkeypatch.setattr(smtplib, "SMTP", refuse)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.org")
    with app.test_request_context("/en/"):
        message = queue_confirmation()
        db.session.commit()
        assert message.state == MessageState.FAILED
        assert "try later" in message.error


def test_smtp_delivery_sends_the_message(app, monkeypatch):
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            self.host = host

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            pass

        def send_message(self, email):
            sent.append(email)

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.org")
    with app.test_request_context("/en/"):
        message = queue_confirmation("ar")
        db.session.commit()
        assert message.state == MessageState.SENT
    assert sent[0]["To"] == "fatima@example.org"
    assert sent[0]["Content-Language"] == "ar"


class FakeQueue:
    def __init__(self):
        self.jobs = []
        self.down = False

    def enqueue(self, func, *args):
        if self.down:
            raise RedisConnectionError("Redis went down")
        self.jobs.append(args)


@pytest.fixture
def rq_backend(app, monkeypatch):
    queue = FakeQueue()
    monkeypatch.setitem(app.config, "JOBS_BACKEND", "rq")
    monkeypatch.setattr(jobs, "redis_answers", lambda: True)
    monkeypatch.setattr(jobs, "redis_queue", lambda: queue)
    return queue


def test_queued_jobs_leave_only_after_commit(app, rq_backend):
    with app.test_request_context("/en/"):
        message = queue_confirmation()
        assert rq_backend.jobs == []
        db.session.commit()
        assert rq_backend.jobs == [("portal.core.mail:deliver_message", (message.id,))]
        assert message.state == MessageState.QUEUED


def test_queued_jobs_are_dropped_on_rollback(app, rq_backend):
    with app.test_request_context("/en/"):
        queue_confirmation()
        db.session.rollback()
        db.session.commit()
        assert rq_backend.jobs == []


def test_a_worker_runs_the_job_and_commits(app, rq_backend):
    with app.test_request_context("/en/"):
        message = queue_confirmation()
        db.session.commit()
        [(path, args)] = rq_backend.jobs
        jobs.run_job(path, args)
        db.session.expire_all()
        assert db.session.get(OutboxMessage, message.id).state == MessageState.SENT
        deliver_message(message.id)  # delivering twice sends nothing more


def test_jobs_redis_refuses_after_their_commit_leave_with_the_next_ones(app, rq_backend):
    with app.test_request_context("/en/"):
        rq_backend.down = True
        first = queue_confirmation()
        db.session.commit()  # no error: the page still gets its answer
        assert first.state == MessageState.QUEUED and rq_backend.jobs == []

        rq_backend.down = False
        second = queue_confirmation()
        db.session.commit()
        assert rq_backend.jobs == [("portal.core.mail:deliver_message", (first.id,)),
                                   ("portal.core.mail:deliver_message", (second.id,))]


def test_without_redis_the_job_runs_at_once(app, rq_backend, monkeypatch):
    monkeypatch.setattr(jobs, "redis_answers", lambda: False)
    with app.test_request_context("/en/"):
        message = queue_confirmation()
        db.session.commit()
        assert message.state == MessageState.SENT and rq_backend.jobs == []


def test_audit_entries_are_append_only(app):
    with app.app_context():
        entry = record_audit("thing.changed", "thing", 7, before={"state": "a"}, after={"state": "b"})
        db.session.commit()
        entry.action = "rewritten"
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.delete(db.session.get(AuditEntry, entry.id))
            db.session.commit()
        db.session.rollback()
        stored = db.session.get(AuditEntry, entry.id)
        assert (stored.action, stored.before, stored.after) == ("thing.changed", {"state": "a"}, {"state": "b"})
