"""The forum's discussion (docs/outcomes.md): themes of an edition, threads under a
theme, posts in a thread, and reports of posts to the officers."""
from __future__ import annotations

from datetime import datetime

from markupsafe import Markup
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.core.time import utcnow
from portal.core.translated import TranslatedText, TranslatedTextType
from portal.extensions import db
from portal.forum.models import Edition


class Theme(db.Model):
    """A subject officers open for an edition's participants to discuss."""

    __tablename__ = "discussion_themes"
    __table_args__ = (db.Index("ix_discussion_themes_edition_position", "edition_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("forum_editions.id"))
    title: Mapped[TranslatedText] = mapped_column(TranslatedTextType)
    description: Mapped[TranslatedText | None] = mapped_column(TranslatedTextType)
    # Themes are listed in this order, then in order of creation.
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    edition: Mapped[Edition] = relationship()


class Thread(db.Model):
    __tablename__ = "discussion_threads"
    # A theme's threads are listed by their latest post.
    __table_args__ = (db.Index("ix_discussion_threads_theme_activity", "theme_id", "last_post_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("discussion_themes.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # In the author's language only, shown with dir="auto".
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_post_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_at: Mapped[datetime | None]
    locked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lock_reason: Mapped[str | None] = mapped_column(Text)

    theme: Mapped[Theme] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    locked_by: Mapped[User | None] = relationship(foreign_keys=[locked_by_id])

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class Post(db.Model):
    __tablename__ = "discussion_posts"
    # A thread's posts are read in the order they were written.
    __table_args__ = (db.Index("ix_discussion_posts_thread_order", "thread_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("discussion_threads.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # What the author typed (Markdown), kept for editing.
    body: Mapped[str] = mapped_column(Text)
    # The body rendered and sanitised when it was saved: pages show this, never `body`.
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    hidden_at: Mapped[datetime | None]
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    hide_reason: Mapped[str | None] = mapped_column(Text)

    thread: Mapped[Thread] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    hidden_by: Mapped[User | None] = relationship(foreign_keys=[hidden_by_id])

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def html(self) -> Markup:
        # Safe to mark: only portal.core.markdown.render_markdown writes body_html.
        return Markup(self.body_html)


class PostReport(db.Model):
    """A reader tells the officers that a post breaks the rules; once per person per post."""

    __tablename__ = "discussion_post_reports"
    __table_args__ = (UniqueConstraint("post_id", "reporter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("discussion_posts.id"))
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when an officer hides the post or keeps it; the officers' list shows the open ones.
    resolved_at: Mapped[datetime | None] = mapped_column(index=True)

    post: Mapped[Post] = relationship()
    reporter: Mapped[User] = relationship()
