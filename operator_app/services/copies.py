"""Copies of documents: where their bytes live, and how a copy is stored and read back.

The bytes are kept in the database, in ``document_image.content`` next to the row that
describes them (docs/copies.md has the comparison with content-addressed files in the
data directory). In short: several desks and the supervisors share one PostgreSQL
server, and a file on one desk's disk is invisible to all of them; one database backup
then holds every copy consistently with its row; and one transaction writes the row, its
bytes and the audit event, so a crash leaves either all three or none — never a row
without its copy. Copies are at most 5 MB; listing queries never load them (the column is
deferred).

``CopyStore`` keeps the place swappable (an object store for a country-wide server, say)
without touching ``store_copy``/``load_copy_bytes`` or their callers.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from operator_app.messages import Titles, t
from operator_app.models import DocumentImage, DocumentKind, Visit
from operator_app.services import audit
from operator_app.services.actor import Actor, Permission
from operator_app.services.errors import NotFound, ServiceError, ValidationError

if TYPE_CHECKING:
    from operator_app.scanning.quality import DocumentShape, Quality

SOURCES = frozenset({"webcam", "scanner", "file"})


class CopyDamaged(ServiceError):
    """The stored bytes of a copy are missing or are not the bytes that were captured."""


class CopyStore(Protocol):
    """Where the bytes of copies live; the row in ``document_image`` is always in the
    database. ``put`` runs inside the caller's transaction, before it commits."""

    name: str

    def put(self, session: Session, image: DocumentImage, data: bytes) -> None: ...

    def get(self, session: Session, image: DocumentImage) -> bytes | None: ...


class DatabaseCopyStore:
    """The bytes in ``document_image.content``, committed with the row."""

    name: str = "database"

    def put(self, session: Session, image: DocumentImage, data: bytes) -> None:
        image.content = data

    def get(self, session: Session, image: DocumentImage) -> bytes | None:
        # A query for the one column, not the deferred attribute: nothing stays cached
        # in the session, and a row changed underneath is read as it is now.
        content: bytes | None = session.scalar(
            select(DocumentImage.content).where(DocumentImage.id == image.id))
        return content


def default_store() -> CopyStore:
    return DatabaseCopyStore()


def store_copy(
    session: Session,
    actor: Actor,
    *,
    document_id: int | None,
    visit_id: int | None,
    data: bytes,
    source: str,
    quality: Quality,
    store: CopyStore | None = None,
    kind_problems: Sequence[str] = (),
    kind_confirmed: bool = False,
) -> DocumentImage:
    """Store one copy with its digest and measured quality, in the caller's transaction,
    and append the ``copy_captured`` audit event.

    ``kind_problems`` are why the page did not look like its document
    (``quality.check_kind``); such a copy is stored only once the clerk confirmed that it
    is the document (``kind_confirmed``), and the event says both.

    The copy must already be within 5 MB (``quality.fit_to_limit``) and one PDF, JPEG or
    PNG page (``quality.split_pdf`` for longer PDFs). A copy with quality problems is
    stored too — the clerk captured it and it must not be lost; the problems go into the
    audit event, and the checklist decides whether the document counts.
    """
    from operator_app.scanning.quality import COPY_SIZE_LIMIT, sniff_format

    actor.require(Permission.SERVE_DESK)
    if visit_id is not None:
        from operator_app.services.visits import own_open_visit

        own_open_visit(session, actor, visit_id)
    if document_id is None and visit_id is None:
        raise ValidationError(t("Копия должна относиться к документу или к визиту."))
    if source not in SOURCES:
        raise ValidationError(t("Неизвестный источник копии: {source!r}.", source=source),
                              field="source")
    if not data:
        raise ValidationError(t("Файл копии пуст."))
    if len(data) > COPY_SIZE_LIMIT:
        raise ValidationError(
            t("Копия больше 5 МБ ({value:.1f} МБ): уменьшите её перед сохранением.",
              value=len(data) / (1024 * 1024)))
    fmt = sniff_format(data)
    if fmt is None:
        raise ValidationError(t("Копия должна быть в формате PDF, JPEG или PNG."))
    image = DocumentImage(
        document_id=document_id,
        visit_id=visit_id,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        format=fmt,
        width=quality.width,
        height=quality.height,
        dpi=quality.dpi,
        sharpness=quality.sharpness,
        glare=quality.glare,
        source=source,
        captured_by=actor.operator_id,
    )
    (store or default_store()).put(session, image, data)
    session.add(image)
    session.flush()
    number = ""
    if visit_id is not None:
        visit = session.get(Visit, visit_id)
        number = visit.application.number if visit is not None else ""
    audit.record(
        session, actor, "copy_captured", entity="document_image", entity_id=image.id,
        application_number=number,
        # Figures only: no names, numbers or image content of the applicant.
        details={
            "document_id": document_id, "visit_id": visit_id, "sha256": image.sha256,
            "size_bytes": image.size_bytes, "format": fmt, "source": source,
            "width": image.width, "height": image.height, "dpi": image.dpi,
            "sharpness": image.sharpness, "glare": image.glare,
            "in_frame": quality.in_frame, "problems": list(quality.problems),
            **({"kind_problems": list(kind_problems), "kind_confirmed": kind_confirmed}
               if kind_problems else {}),
        },
    )
    return image


def load_copy_bytes(session: Session, image_id: int, *, store: CopyStore | None = None
                    ) -> bytes:
    """The bytes of a stored copy, checked against the SHA-256 and size recorded when it
    was captured; raises ``CopyDamaged`` when they differ (altered or broken storage)."""
    image = session.get(DocumentImage, image_id)
    if image is None:
        raise NotFound(t("Копия документа № {image_id} не найдена.", image_id=image_id))
    data = (store or default_store()).get(session, image)
    if data is None:
        raise CopyDamaged(t("Копия документа № {image_id} утеряна: в хранилище нет её файла.",
                            image_id=image_id))
    if len(data) != image.size_bytes or hashlib.sha256(data).hexdigest() != image.sha256:
        raise CopyDamaged(t("Копия документа № {image_id} повреждена или изменена после записи: "
                            "контрольная сумма не совпадает. Сообщите руководителю.",
                            image_id=image_id))
    return data


DOCUMENT_SIZES_MM = {
    DocumentKind.PASSPORT: (125.0, 88.0),
    DocumentKind.RESIDENCE_PERMIT: (125.0, 88.0),
    DocumentKind.TEMPORARY_RESIDENCE: (85.6, 54.0),
    DocumentKind.PATENT: (210.0, 297.0),
    DocumentKind.MIGRATION_CARD: (148.0, 105.0),
    DocumentKind.STAY_REGISTRATION: (210.0, 297.0),
    DocumentKind.SNILS: (85.6, 54.0),
    DocumentKind.INN: (210.0, 297.0),
}


def document_shape(kind: DocumentKind) -> DocumentShape | None:
    """What a copy of this kind must look like, where that is known.

    A passport's data page: ID-3, landscape, with an MRZ. A residence permit is a booklet
    (ID-3) or, newer, a card (ID-1), and a temporary residence permit a mark in the
    passport or a separate paper (DOMAIN.md: unconfirmed formats): of those only the
    paper size is checked, where the file states it. Other kinds are A-size paper.
    """
    from operator_app.scanning.quality import (
        ID1_CARD_MM,
        PASSPORT_PAGE_MM,
        PASSPORT_SHAPE,
        DocumentShape,
    )

    if kind is DocumentKind.PASSPORT:
        return PASSPORT_SHAPE
    if kind in (DocumentKind.RESIDENCE_PERMIT, DocumentKind.TEMPORARY_RESIDENCE):
        return DocumentShape(KIND_SHAPE_TITLES.russian[kind], (PASSPORT_PAGE_MM, ID1_CARD_MM))
    return None


KIND_SHAPE_TITLES = Titles({DocumentKind.RESIDENCE_PERMIT: "вид на жительство",
                     DocumentKind.TEMPORARY_RESIDENCE: "разрешение на временное проживание"})
# What the clerk confirms when a copy does not look like its document.
KIND_CONFIRM = Titles({DocumentKind.PASSPORT: "Это действительно паспорт — принять",
                DocumentKind.RESIDENCE_PERMIT: "Это действительно вид на жительство — принять",
                DocumentKind.TEMPORARY_RESIDENCE: "Это действительно РВП — принять"})


@dataclass(frozen=True)
class CaptureResult:
    """``unlike``: a sentence per page that passed the quality gate but does not look like
    the document (then nothing of the file is stored until the clerk confirms it)."""

    stored: tuple[int, ...]  # DocumentImage ids
    refused: tuple[str, ...]  # one sentence per refused page
    unlike: tuple[str, ...] = ()

    @property
    def held(self) -> bool:
        """Whether the file waits for the clerk's word that it is the document."""
        return bool(self.unlike)


def capture_file(session: Session, actor: Actor, *, document_id: int, visit_id: int | None,
                 data: bytes, name: str, source: str = "file",
                 kind_confirmed: bool = False) -> CaptureResult:
    """A file from disk or the scanner folder: every page assessed, good ones stored (fit
    under 5 MB), bad ones refused with the reason so the clerk retakes them.

    A page that is good but does not look like the document (``quality.check_kind``: a
    utility bill attached to a passport) holds the whole file back, stored nothing, with
    the reason in ``unlike``; the clerk either takes another file or calls again with
    ``kind_confirmed`` — this is the document — and the confirmation goes into each such
    page's audit event.
    """
    from operator_app.models import IdentityDocument
    from operator_app.scanning.quality import CopyRejected, prepare_copy
    from operator_app.scanning.safe_files import run_isolated

    actor.require(Permission.SERVE_DESK)
    if visit_id is not None:  # before the file is even opened: only the serving clerk
        from operator_app.services.visits import own_open_visit

        own_open_visit(session, actor, visit_id)
    document = session.get(IdentityDocument, document_id)
    if document is None:
        raise NotFound(t("Документ не найден."))
    # The file comes from outside: opened, measured and re-encoded in a child process
    # within safe_files' limits, so a file that crashes a decoder is refused, not fatal.
    prepare = functools.partial(
        prepare_copy, name=name, size_mm=DOCUMENT_SIZES_MM.get(document.kind, (210.0, 297.0)),
        shape=document_shape(document.kind), kind_confirmed=kind_confirmed)
    prepared = run_isolated(prepare, data, path=Path(name),
                            refuse=lambda reason, message: CopyRejected(reason, message))
    if prepared.unlike and not kind_confirmed:
        return CaptureResult((), prepared.refused, prepared.unlike)
    stored = []
    for page in prepared.good:
        assert page.data is not None  # made, since nothing is held back
        image = store_copy(session, actor, document_id=document_id, visit_id=visit_id,
                           data=page.data, source=source, quality=page.quality,
                           kind_problems=page.kind_problems,
                           kind_confirmed=bool(page.kind_problems))
        stored.append(image.id)
    return CaptureResult(tuple(stored), prepared.refused)


@dataclass(frozen=True)
class CopyThumb:
    id: int
    source: str
    format: str
    width: int
    height: int
    dpi: int | None
    size_bytes: int
    thumbnail: object  # BGR uint8 array, at most 200 px on its longer side


def thumbnails(session: Session, document_id: int, *, side: int = 200) -> list[CopyThumb]:
    """The copies of a document, newest first, each with a small picture for the list."""
    import cv2

    from operator_app.scanning.quality import load_copy

    rows = session.scalars(select(DocumentImage).where(DocumentImage.document_id == document_id)
                           .order_by(DocumentImage.captured_at.desc())).all()
    result = []
    for row in rows:
        image = load_copy(load_copy_bytes(session, row.id), name=f"копия {row.id}")[0].image
        scale = side / max(image.shape[:2])
        small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        result.append(CopyThumb(row.id, row.source, row.format, row.width, row.height, row.dpi,
                                row.size_bytes, small))
    return result


def full_image(session: Session, image_id: int) -> object:
    """The first page of a copy at full resolution, for the viewer."""
    from operator_app.scanning.quality import load_copy

    return load_copy(load_copy_bytes(session, image_id), name=f"копия {image_id}")[0].image
