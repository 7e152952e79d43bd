"""Render one example of each printed document into docs/screenshots/ (PNG, ~100 dpi).

    .venv/bin/python docs/render_documents.py

The pages go through the real ``printing.documents`` code and pypdfium2, as the desk's
print preview would show them; the example data is invented.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# The documents print the desk's local time; show what a Moscow desk prints.
os.environ["TZ"] = "Europe/Moscow"
time.tzset()

import pypdfium2 as pdfium  # noqa: E402

from operator_app.models.entities import AccountStatus, RepeatReason, VisitState  # noqa: E402
from operator_app.services.post import Batch, ProducedLetter, make_tracking_number  # noqa: E402
from printing.documents import (  # noqa: E402
    CodeSlip,
    RepeatVisitList,
    StatusCertificate,
    VisitRecord,
    code_slip_pdf,
    repeat_visit_pdf,
    status_certificate_pdf,
)
from printing.letters import letters_pdf, register_pdf  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"
DPI = 100
MOSCOW = dt.timezone(dt.timedelta(hours=3), "MSK")

NAME_CYRILLIC = "Каримов Рустам Алишерович"
NAME_LATIN = "KARIMOV RUSTAM"
NUMBER = "2026 0001 2346"
POINT = "ЦО «Тверская», Москва"
ADDRESS = "125009, Москва, ул. Тверская, д. 11, стр. 1"
OPERATOR = "Иван Клерков"


def save(pdf: bytes, name: str) -> None:
    """First page only: every example fits on one."""
    document = pdfium.PdfDocument(pdf)
    try:
        document[0].render(scale=DPI / 72).to_pil().save(OUT / name)
    finally:
        document.close()
    print(f"wrote docs/screenshots/{name}")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    issued = dt.datetime(2026, 3, 16, 11, 42, tzinfo=MOSCOW)
    slip = CodeSlip(
        code="K7M4PX9RT", application_number=NUMBER, applicant_name_cyrillic=NAME_CYRILLIC,
        applicant_name_latin=NAME_LATIN, service_point_name=POINT,
        service_point_address=ADDRESS, operator_name=OPERATOR, issued_at=issued,
        expires_at=issued + dt.timedelta(days=7),
    )
    save(code_slip_pdf(slip, layout="a4"), "slip-a4.png")
    save(code_slip_pdf(slip, layout="receipt80"), "slip-receipt.png")

    first = dt.datetime(2026, 3, 2, 10, 5, tzinfo=MOSCOW)
    save(repeat_visit_pdf(RepeatVisitList(
        applicant_name_cyrillic=NAME_CYRILLIC, applicant_name_latin=NAME_LATIN,
        application_number=NUMBER, service_point_name=POINT, service_point_address=ADDRESS,
        operator_name=OPERATOR, visited_at=first,
        reasons=(RepeatReason.MISSING_DOCUMENTS, RepeatReason.DATA_CORRECTION),
        items=("Нотариально заверенный перевод паспорта на русский язык",
               "Уведомление о прибытии иностранного гражданина (отрывная часть бланка)",
               "СНИЛС или справка о его отсутствии"),
        free_of_charge=True,
    )), "repeat-visit-list.png")

    save(status_certificate_pdf(StatusCertificate(
        applicant_name_cyrillic=NAME_CYRILLIC, applicant_name_latin=NAME_LATIN,
        birth_date=dt.date(1991, 7, 23), citizenship="Республика Узбекистан",
        application_number=NUMBER, account_status=AccountStatus.ACTIVE,
        submitted_at=dt.datetime(2026, 2, 27, 18, 20, tzinfo=MOSCOW),
        visits=(
            VisitRecord(first, POINT, VisitState.REPEAT_NEEDED, RepeatReason.MISSING_DOCUMENTS),
            VisitRecord(issued, POINT, VisitState.CONFIRMED),
        ),
        operator_name=OPERATOR, service_point_name=POINT, service_point_address=ADDRESS,
        issued_at=issued + dt.timedelta(minutes=5),
    )), "status-certificate.png")

    sent = dt.datetime(2026, 3, 17, 9, 30, tzinfo=MOSCOW)
    letter = ProducedLetter(
        letter_id=1, tracking_number=make_tracking_number("101000", 3, 1), code="K7M4PX9RT",
        expires_at=sent + dt.timedelta(days=60), application_number="202600012346",
        addressee_latin=NAME_LATIN, addressee_cyrillic=NAME_CYRILLIC,
        addressee_address="125009, г. Москва, ул. Тверская, д. 11, кв. 5",
        office_code="MSK-PO-101000", office_index="101000",
        office_name="ОПС 101000, Москва (Мясницкая)",
        office_address="г. Москва, ул. Мясницкая, д. 26А")
    save(letters_pdf([letter]), "post-letter.png")
    save(register_pdf(Batch(12, sent, "MSK-CO-1", POINT, "101000", "MSK-PO-101000", "101000",
                            letter.office_name, (letter,))), "post-register.png")


if __name__ == "__main__":
    main()
