"""A realistic demo data set: service points, an operator of every role, a few hundred applicants.

Made for trying the desk out and for showing it: the applicants come from the countries
the desks actually see, carry the documents they actually bring, and some of them carry
the mistakes a clerk is there to catch (``DemoSummary.problems`` says which). The same
seed always gives the same people and the same application numbers, so a demo script
written against one run works against the next.

Before these applicants are loaded, the last two weeks of work at every service point and
post office are played through the real services (:mod:`.demo_history`), so the log, the
day's summary, the letters and the post counter show a working office from the start.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import phonenumbers
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from operator_app.models import (
    AccountStatus,
    Application,
    ConfirmationCode,
    ConfirmationMethod,
    Database,
    DocumentKind,
    Operator,
    PointKind,
    RepeatReason,
    Role,
    ServicePoint,
    Visit,
    simulated_now,
    utcnow,
)
from operator_app.services import application_numbers, operators
from operator_app.services.actor import ROLE_TITLES, Actor
from operator_app.services.applications import ApplicationData, DocumentData, import_application
from operator_app.services.errors import ServiceError
from operator_app.services.identifiers import person_inn_check_digits, snils_check_digits
from operator_app.services.validators import compose_address

if TYPE_CHECKING:
    from operator_app.services.demo_history import HistorySummary

DEMO_PASSWORD = "demo1234"
MIN_APPLICANTS = 20  # enough for every problem to appear several times
NOT_EMPTY = "В базе уже есть данные: демонстрационный набор создаётся только в пустой базе."

PASSPORT_EXPIRES_SOON = "passport_expires_soon"
NAME_MISMATCH = "name_mismatch"
MISSING_STAY_DOCUMENT = "missing_stay_document"
INVALID_SNILS = "invalid_snils"
EARLIER_REPEAT_VISIT = "earlier_repeat_visit"

PROBLEM_TITLES: dict[str, str] = {
    PASSPORT_EXPIRES_SOON: "Паспорт действует менее 6 месяцев",
    NAME_MISMATCH: "Имя латиницей в учётной записи не совпадает с паспортом",
    MISSING_STAY_DOCUMENT: "Нет документа о законном пребывании",
    INVALID_SNILS: "СНИЛС с неверным контрольным числом",
    EARLIER_REPEAT_VISIT: "Был визит с решением «нужен повторный визит»",
}
PROBLEMS: tuple[str, ...] = tuple(PROBLEM_TITLES)

STAY_KINDS = frozenset({
    DocumentKind.RESIDENCE_PERMIT,
    DocumentKind.TEMPORARY_RESIDENCE,
    DocumentKind.MIGRATION_CARD,
    DocumentKind.STAY_REGISTRATION,
    DocumentKind.PATENT,
})


# -- service points and operators -------------------------------------------------------


@dataclass(frozen=True)
class DemoPoint:
    code: str
    kind: PointKind
    name: str
    address: str
    postal_index: str | None = None


POINTS: tuple[DemoPoint, ...] = (
    DemoPoint("MSK-CO-1", PointKind.SERVICE_CENTER, "ЦО «Тверская», Москва",
              "г. Москва, ул. Тверская, д. 8, стр. 1"),
    DemoPoint("KZN-CO-1", PointKind.SERVICE_CENTER, "ЦО «Кремлёвская», Казань",
              "г. Казань, ул. Кремлёвская, д. 14"),
    DemoPoint("MSK-PO-101000", PointKind.POST_OFFICE, "ОПС 101000, Москва (Мясницкая)",
              "г. Москва, ул. Мясницкая, д. 26А", "101000"),
    DemoPoint("KZN-PO-420111", PointKind.POST_OFFICE, "ОПС 420111, Казань",
              "г. Казань, ул. Кремлёвская, д. 8", "420111"),
)


@dataclass(frozen=True)
class DemoLogin:
    login: str
    full_name: str
    role: Role
    point_code: str


# The administrator comes first: only the first account may be made without an actor.
LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("admin", "Соколова Анна Сергеевна", Role.ADMIN, "MSK-CO-1"),
    DemoLogin("clerk.msk", "Иванов Дмитрий Петрович", Role.CLERK, "MSK-CO-1"),
    DemoLogin("clerk.msk2", "Ахмедова Лейла Рашидовна", Role.CLERK, "MSK-CO-1"),
    DemoLogin("boss.msk", "Орлов Сергей Викторович", Role.SUPERVISOR, "MSK-CO-1"),
    DemoLogin("clerk.kzn", "Галиева Алсу Ринатовна", Role.CLERK, "KZN-CO-1"),
    DemoLogin("boss.kzn", "Хабибуллин Марат Ильдарович", Role.SUPERVISOR, "KZN-CO-1"),
    DemoLogin("post.msk", "Кузнецова Ольга Николаевна", Role.POST_CLERK, "MSK-PO-101000"),
    DemoLogin("post.kzn", "Сафина Гульнара Рустемовна", Role.POST_CLERK, "KZN-PO-420111"),
)


def demo_logins() -> list[tuple[str, str, str]]:
    """(login, role title, point code) of every demo account; the password is DEMO_PASSWORD."""
    return [(d.login, ROLE_TITLES[d.role], d.point_code) for d in LOGINS]


def login_hint() -> str:
    """The login dialog's note in demo mode: which login shows which role."""
    by_role: dict[Role, list[str]] = {}
    for d in LOGINS:
        by_role.setdefault(d.role, []).append(d.login)
    lines = [f"Демонстрационные учётные записи, пароль у всех — {DEMO_PASSWORD}:"]
    lines += [f"{', '.join(logins)} — {ROLE_TITLES[role]}" for role, logins in by_role.items()]
    return "\n".join(lines)


# -- who comes to the desk ----------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    latin: str
    cyrillic: str
    latin_f: str = ""
    cyrillic_f: str = ""


def _names(spec: str, *, gendered: bool = False) -> tuple[_Name, ...]:
    """Parse ``"LATIN|Кириллица, ..."``; gendered surnames get -A/-а unless spelled out."""
    names = []
    for item in spec.split(","):
        parts = [p.strip() for p in item.split("|")]
        if len(parts) == 4:
            names.append(_Name(*parts))
        elif gendered:
            names.append(_Name(parts[0], parts[1], parts[0] + "A", parts[1] + "а"))
        else:
            names.append(_Name(parts[0], parts[1], parts[0], parts[1]))
    return tuple(names)


@dataclass(frozen=True)
class _Country:
    code: str  # ISO 3166-1 alpha-3, as in the MRZ
    region: str  # alpha-2, for phone numbers
    weight: int
    passports: tuple[str, ...]  # number patterns: # digit, * letter or digit, others literal
    validity_years: int
    authority: str
    surnames: tuple[_Name, ...]
    male: tuple[_Name, ...]
    female: tuple[_Name, ...]
    patronymics: tuple[tuple[str, str], ...] = ()  # (a son's form, a daughter's form)
    patronymic_share: float = 1.0
    patent: bool = False  # visa-free, not in the EAEU: works on a patent


def _patronymics(spec: str) -> tuple[tuple[str, str], ...]:
    """Parse ``"Рустамович|Рустамовна, ..."``."""
    pairs = (item.split("|") for item in spec.split(","))
    return tuple((son.strip(), daughter.strip()) for son, daughter in pairs)


COUNTRIES: tuple[_Country, ...] = (
    _Country(
        "UZB", "UZ", 22, ("FA#######", "AA#######", "AD#######"), 10, "МВД Республики Узбекистан",
        _names("KARIMOV|Каримов, ABDULLAYEV|Абдуллаев, TOSHMATOV|Тошматов, YULDASHEV|Юлдашев, "
               "RAHIMOV|Рахимов, XOLMATOV|Холматов, ERGASHEV|Эргашев, USMONOV|Усмонов",
               gendered=True),
        _names("RUSTAM|Рустам, BAXTIYOR|Бахтиёр, SHERZOD|Шерзод, JASUR|Жасур, OTABEK|Отабек, "
               "DILSHOD|Дилшод, ULUGBEK|Улугбек, SARDOR|Сардор"),
        _names("DILNOZA|Дилноза, MALIKA|Малика, NODIRA|Нодира, GULNORA|Гульнора, "
               "ZARINA|Зарина, SHAHNOZA|Шахноза"),
        _patronymics("Рустамович|Рустамовна, Бахтиёрович|Бахтиёровна, Ильхомович|Ильхомовна, "
                     "Шавкатович|Шавкатовна, Абдуллаевич|Абдуллаевна"),
        patent=True,
    ),
    _Country(
        "TJK", "TJ", 16, ("4########", "5########"), 10, "МВД Республики Таджикистан",
        _names("RAHIMOV|Рахимов, SAIDOV|Саидов, NAZAROV|Назаров, SHARIPOV|Шарипов, "
               "DAVLATOV|Давлатов, KHOLOV|Холов, MIRZOEV|Мирзоев, "
               "RAHMONZODA|Рахмонзода|RAHMONZODA|Рахмонзода", gendered=True),
        _names("FIRDAVS|Фирдавс, SUHROB|Сухроб, FARRUKH|Фаррух, KHURSHED|Хуршед, "
               "MANUCHEHR|Манучехр, UMED|Умед"),
        _names("MADINA|Мадина, NIGINA|Нигина, ZARINA|Зарина, MUNISA|Муниса, TAHMINA|Тахмина"),
        _patronymics("Саидович|Саидовна, Рахимович|Рахимовна, Назарович|Назаровна, "
                     "Абдуллоевич|Абдуллоевна, Шарифович|Шарифовна"),
        patent=True,
    ),
    _Country(
        "KGZ", "KG", 10, ("AC#######", "PE#######"), 10,
        "Государственная регистрационная служба Кыргызской Республики",
        _names("ASANOV|Асанов, TOKTOSUNOV|Токтосунов, ABDYKADYROV|Абдыкадыров, SYDYKOV|Сыдыков, "
               "ZHUMABAEV|Жумабаев, OSMONOV|Осмонов", gendered=True),
        _names("AZAMAT|Азамат, BAKYT|Бакыт, NURLAN|Нурлан, ERMEK|Эрмек, TALANT|Талант, ULAN|Улан"),
        _names("AIGERIM|Айгерим, ASEL|Асель, NAZIRA|Назира, CHOLPON|Чолпон, GULZAT|Гульзат"),
        _patronymics("Асанович|Асановна, Бакытович|Бакытовна, Токтогулович|Токтогуловна, "
                     "Мамбетович|Мамбетовна, Жумабекович|Жумабековна"),
    ),
    _Country(
        "KAZ", "KZ", 6, ("N########",), 10, "МВД Республики Казахстан",
        _names("AKHMETOV|Ахметов, ABENOV|Абенов, ZHAKUPOV|Жакупов, SERIKBAYEV|Серикбаев, "
               "ISMAILOV|Исмаилов, OMAROV|Омаров", gendered=True),
        _names("YERLAN|Ерлан, DAULET|Даулет, ASKAR|Аскар, ARMAN|Арман, NURSULTAN|Нурсултан"),
        _names("AIGUL|Айгуль, DANA|Дана, ZHANAR|Жанар, SAULE|Сауле, ALIYA|Алия"),
        _patronymics("Ерланович|Ерлановна, Серикович|Сериковна, Маратович|Маратовна, "
                     "Канатович|Канатовна, Болатович|Болатовна"),
        patronymic_share=0.8,
    ),
    _Country(
        "ARM", "AM", 6, ("AT#######", "AU#######"), 10,
        "Паспортная служба полиции Республики Армения",
        _names("GRIGORYAN|Григорян, HAKOBYAN|Акопян, SARGSYAN|Саргсян, PETROSYAN|Петросян, "
               "HOVHANNISYAN|Оганнисян, KHACHATRYAN|Хачатрян, MKRTCHYAN|Мкртчян"),
        _names("ARMEN|Армен, TIGRAN|Тигран, DAVIT|Давид, ARAM|Арам, GEVORG|Геворг, NAREK|Нарек"),
        _names("ANI|Ани, LILIT|Лилит, ANUSH|Ануш, MARIAM|Мариам, GAYANE|Гаяне"),
        _patronymics("Ашотович|Ашотовна, Арменович|Арменовна, Самвелович|Самвеловна, "
                     "Гагикович|Гагиковна, Араратович|Араратовна"),
    ),
    _Country(
        "AZE", "AZ", 6, ("C########",), 10, "Государственная миграционная служба Азербайджана",
        _names("ALIYEV|Алиев, MAMMADOV|Мамедов, HASANOV|Гасанов, HUSEYNOV|Гусейнов, "
               "GULIYEV|Кулиев, ISMAYILOV|Исмаилов, ABBASOV|Аббасов", gendered=True),
        _names("ELVIN|Эльвин, RASHAD|Рашад, ORKHAN|Орхан, TURAL|Турал, ELCHIN|Эльчин"),
        _names("AYTAN|Айтан, LEYLA|Лейла, NARMIN|Нармин, GUNAY|Гюнай, SEVINJ|Севиндж"),
        _patronymics("Ильхам оглы|Ильхам кызы, Вагиф оглы|Вагиф кызы, Рамиз оглы|Рамиз кызы, "
                     "Эльдар оглы|Эльдар кызы, Фикрет оглы|Фикрет кызы"),
        patent=True,
    ),
    _Country(
        "BLR", "BY", 4, ("MP#######", "KH#######"), 10, "МВД Республики Беларусь",
        # Belarusian passports spell the Latin name from the Belarusian form.
        _names("NAVITSKI|Новицкий|NAVITSKAYA|Новицкая, KAZLOU|Козлов|KAZLOVA|Козлова, "
               "KAVALIOU|Ковалёв|KAVALIOVA|Ковалёва, MARTSINKEVICH|Мартинкевич, "
               "LUKASHEVICH|Лукашевич, SHAUCHENKA|Шевченко"),
        _names("SIARHEI|Сергей, ALIAKSANDR|Александр, DZMITRY|Дмитрий, ANDREI|Андрей, "
               "MIKALAI|Николай"),
        _names("VOLHA|Ольга, TATSIANA|Татьяна, HANNA|Анна, ALENA|Алёна, IRYNA|Ирина"),
        _patronymics("Сергеевич|Сергеевна, Александрович|Александровна, Николаевич|Николаевна, "
                     "Викторович|Викторовна, Петрович|Петровна"),
    ),
    _Country(
        "MDA", "MD", 3, ("AB#######",), 10, "Агентство публичных услуг Республики Молдова",
        _names("ROTARU|Ротару, CEBAN|Чебан, MUNTEANU|Мунтяну, RUSU|Русу, CIOBANU|Чобану, "
               "POPESCU|Попеску, BOTNARU|Ботнару"),
        _names("ION|Ион, VASILE|Василе, ANDREI|Андрей, MIHAI|Михай, VICTOR|Виктор"),
        _names("ANA|Ана, ELENA|Елена, MARIA|Мария, NATALIA|Наталья, CRISTINA|Кристина"),
        _patronymics("Ионович|Ионовна, Васильевич|Васильевна, Михайлович|Михайловна, "
                     "Георгиевич|Георгиевна, Петрович|Петровна"),
        patronymic_share=0.7,
        patent=True,
    ),
    _Country(
        "UKR", "UA", 4, ("FU######", "FT######", "FA######"), 10,
        "Государственная миграционная служба Украины",
        _names("SHEVCHENKO|Шевченко, BONDARENKO|Бондаренко, KOVALENKO|Коваленко, "
               "TKACHENKO|Ткаченко, MELNYK|Мельник, KRAVCHUK|Кравчук, OLIINYK|Олейник"),
        _names("OLEKSANDR|Олександр, SERHII|Сергей, ANDRII|Андрей, MYKOLA|Николай, "
               "VOLODYMYR|Владимир, DMYTRO|Дмитрий"),
        _names("OLENA|Елена, IRYNA|Ирина, NATALIIA|Наталия, OKSANA|Оксана, YULIIA|Юлия"),
        _patronymics("Иванович|Ивановна, Петрович|Петровна, Васильевич|Васильевна, "
                     "Григорьевич|Григорьевна, Николаевич|Николаевна"),
        patent=True,
    ),
    _Country(
        "GEO", "GE", 2, ("##AB#####", "##AC#####"), 10, "Агентство развития госуслуг Грузии",
        _names("BERIDZE|Беридзе, KAPANADZE|Капанадзе, GELASHVILI|Гелашвили, "
               "MAISURADZE|Майсурадзе, LOMIDZE|Ломидзе, TSIKLAURI|Циклаури"),
        _names("GIORGI|Георгий, DAVIT|Давид, LEVAN|Леван, NIKA|Ника, LASHA|Лаша"),
        _names("NINO|Нино, TAMAR|Тамар, MARIAM|Мариам, ANA|Ана, KETEVAN|Кетеван"),
        _patronymics("Гивиевич|Гивиевна, Зурабович|Зурабовна, Тамазович|Тамазовна, "
                     "Отарович|Отаровна"),
        patronymic_share=0.5,
    ),
    _Country(
        "CHN", "CN", 4, ("E########", "EA#######"), 10, "Национальное управление иммиграции КНР",
        _names("WANG|Ван, LI|Ли, ZHANG|Чжан, LIU|Лю, CHEN|Чэнь, YANG|Ян, ZHAO|Чжао, "
               "HUANG|Хуан, ZHOU|Чжоу"),
        _names("WEI|Вэй, JUN|Цзюнь, HAO|Хао, MING|Мин, QIANG|Цян, JIANGUO|Цзяньго, ZHIWEI|Чживэй"),
        _names("FANG|Фан, XIUYING|Сюин, JING|Цзин, XIAOMEI|Сяомэй, YAN|Янь, HUI|Хуэй"),
    ),
    _Country(
        "VNM", "VN", 2, ("C#######", "P#######"), 10, "Департамент иммиграции МОБ СРВ",
        _names("NGUYEN|Нгуен, TRAN|Чан, LE|Ле, PHAM|Фам, HOANG|Хоанг, VU|Ву, DANG|Данг"),
        _names("VAN HUNG|Ван Хунг, DUC ANH|Дык Ань, MINH TUAN|Минь Туан, QUANG HUY|Куанг Хюи, "
               "VAN NAM|Ван Нам"),
        _names("THI LAN|Тхи Лан, THI HUONG|Тхи Хыонг, THU TRANG|Тху Чанг, NGOC ANH|Нгок Ань, "
               "THI MAI|Тхи Май"),
    ),
    _Country(
        "IND", "IN", 3, ("M#######", "R#######", "V#######"), 10,
        "Министерство иностранных дел Индии",
        _names("SHARMA|Шарма, SINGH|Сингх, KUMAR|Кумар, PATEL|Патель, GUPTA|Гупта, "
               "REDDY|Редди, NAIR|Наир"),
        _names("RAHUL|Рахул, AMIT|Амит, VIKRAM|Викрам, ARJUN|Арджун, SANJAY|Санджай"),
        _names("PRIYA|Прия, ANJALI|Анджали, POOJA|Пуджа, NEHA|Неха, DEEPIKA|Дипика"),
    ),
    _Country(
        "TUR", "TR", 2, ("U########",), 10, "Главное управление по делам населения МВД Турции",
        _names("YILMAZ|Йылмаз, KAYA|Кая, DEMIR|Демир, SAHIN|Шахин, CELIK|Челик, "
               "YILDIZ|Йылдыз, OZTURK|Озтюрк"),
        _names("MEHMET|Мехмет, MUSTAFA|Мустафа, AHMET|Ахмет, EMRE|Эмре, BURAK|Бурак"),
        _names("AYSE|Айше, FATMA|Фатма, ZEYNEP|Зейнеп, ELIF|Элиф, EMINE|Эмине"),
    ),
    _Country(
        "DEU", "DE", 1, ("C********",), 10, "Ведомство по делам граждан г. Берлина",
        _names("MUELLER|Мюллер, SCHMIDT|Шмидт, SCHNEIDER|Шнайдер, FISCHER|Фишер, WEBER|Вебер, "
               "MEYER|Майер, WAGNER|Вагнер, BECKER|Беккер"),
        _names("THOMAS|Томас, MICHAEL|Михаэль, ANDREAS|Андреас, STEFAN|Штефан, JUERGEN|Юрген"),
        _names("SABINE|Сабине, ANNA|Анна, KATHARINA|Катарина, JULIA|Юлия, MONIKA|Моника"),
    ),
    _Country(
        "USA", "US", 1, ("5########", "6########"), 10, "Государственный департамент США",
        _names("SMITH|Смит, JOHNSON|Джонсон, WILLIAMS|Уильямс, BROWN|Браун, MILLER|Миллер, "
               "DAVIS|Дэвис, GARCIA|Гарсиа"),
        _names("JOHN|Джон, MICHAEL|Майкл, DAVID|Дэвид, JAMES|Джеймс, ROBERT|Роберт, "
               "DANIEL JAMES|Дэниел Джеймс"),
        _names("MARY|Мэри, JENNIFER|Дженнифер, EMILY|Эмили, SARAH|Сара, "
               "ELIZABETH ANN|Элизабет Энн"),
    ),
    _Country(
        "SRB", "RS", 1, ("0########", "1########"), 10, "МВД Республики Сербия",
        _names("JOVANOVIC|Йованович, PETROVIC|Петрович, NIKOLIC|Николич, MARKOVIC|Маркович, "
               "DJORDJEVIC|Джорджевич, STOJANOVIC|Стоянович"),
        _names("NIKOLA|Никола, MARKO|Марко, STEFAN|Стефан, MILOS|Милош, DUSAN|Душан"),
        _names("JELENA|Елена, MILICA|Милица, ANA|Ана, JOVANA|Йована, MARIJA|Мария"),
    ),
    _Country(
        "EGY", "EG", 1, ("A########",), 7, "МВД Арабской Республики Египет",
        _names("MOHAMED|Мохамед, AHMED|Ахмед, HASSAN|Хасан, IBRAHIM|Ибрахим, MAHMOUD|Махмуд, "
               "ABDELRAHMAN|Абдельрахман, ELSAYED|Эль-Сайед"),
        _names("OMAR|Омар, MOSTAFA|Мостафа, KARIM|Карим, YOUSSEF|Юсеф, AHMED|Ахмед"),
        _names("FATMA|Фатма, MARIAM|Марьям, NOUR|Нур, SALMA|Сальма, AYA|Айя"),
    ),
    _Country(
        "AFG", "AF", 1, ("P########",), 5, "Паспортное управление Афганистана",
        _names("AHMADZAI|Ахмадзай, RAHIMI|Рахими, HAIDARI|Хайдари, NOORI|Нури, KARIMI|Карими, "
               "SAFI|Сафи"),
        _names("AHMAD|Ахмад, MOHAMMAD|Мохаммад, SAYED|Сайед, FARID|Фарид, JAWID|Джавид"),
        _names("FARIDA|Фарида, ZARGHONA|Заргуна, NILOFAR|Нилуфар, MARZIA|Марзия, "
               "SHABNAM|Шабнам"),
    ),
    _Country(
        "TKM", "TM", 2, ("A#######",), 10, "Государственная миграционная служба Туркменистана",
        _names("ATAYEW|Атаев, ORAZOW|Оразов, ANNAYEW|Аннаев, GURBANOW|Курбанов, "
               "MYRADOW|Мурадов", gendered=True),
        _names("MERDAN|Мердан, SERDAR|Сердар, BEGENCH|Бегенч, DOWLET|Довлет, ATA|Ата"),
        _names("AYNA|Айна, GULNARA|Гульнара, MAYSA|Майса, OGULJAN|Огульджан, JEREN|Джерен"),
        _patronymics("Атаевич|Атаевна, Оразович|Оразовна, Бердыевич|Бердыевна, "
                     "Курбанович|Курбановна"),
    ),
    _Country(
        "MNG", "MN", 1, ("E#######",), 10, "Главное управление госрегистрации Монголии",
        _names("BATBAYAR|Батбаяр, GANBOLD|Ганболд, ERDENEBAT|Эрдэнэбат, "
               "TSERENDORJ|Цэрэндорж, DORJ|Дорж, BOLD|Болд"),
        _names("BATBOLD|Батболд, TEMUULEN|Тэмуулэн, GANZORIG|Ганзориг, ENKHBAYAR|Энхбаяр, "
               "MUNKHBAT|Мунхбат"),
        _names("ODGEREL|Одгэрэл, NARANTUYA|Нарантуяа, SARANGEREL|Сарангэрэл, "
               "ENKHJARGAL|Энхжаргал, OYUNCHIMEG|Оюунчимэг"),
    ),
    _Country(
        "KOR", "KR", 1, ("M########",), 10, "Министерство иностранных дел Республики Корея",
        _names("KIM|Ким, LEE|Ли, PARK|Пак, CHOI|Чхве, JUNG|Чон, KANG|Кан, YOON|Юн"),
        _names("MINJUN|Минджун, JIHOON|Джихун, SEUNGHYUN|Сынхён, DONGHYUN|Донхён, JAEWON|Джевон"),
        _names("JIYEON|Джиён, SEOYEON|Соён, MINJI|Минджи, HYEJIN|Хеджин, SOYOUNG|Соён"),
    ),
)


_REGIONS = {"msk": "Москва", "mo": "Московская область", "kzn": "Республика Татарстан"}


@dataclass(frozen=True)
class _City:
    key: str
    prefix: str  # the start of the address
    weight: int
    streets: tuple[tuple[str, str], ...]  # (street, postal code)
    center: str
    post_office: str
    region: str  # ИНН and patent region code
    authority: str  # issues ВНЖ, РВП and patents
    migration_offices: tuple[str, ...]


CITIES: tuple[_City, ...] = (
    _City(
        "msk", "г. Москва", 55,
        (("ул. Тверская", "125009"), ("ул. Профсоюзная", "117292"), ("ул. Люблинская", "109387"),
         ("Щёлковское ш.", "105122"), ("ул. Бутырская", "127015"), ("Ленинский пр-т", "119071"),
         ("ул. Первомайская", "105043"), ("Варшавское ш.", "117105")),
        "MSK-CO-1", "MSK-PO-101000", "77", "ГУ МВД России по г. Москве",
        ("ОВМ ОМВД России по району Хамовники г. Москвы",
         "ОВМ ОМВД России по району Люблино г. Москвы",
         "ОВМ ОМВД России по району Гольяново г. Москвы"),
    ),
    _City(
        "mo", "Московская обл.", 15,
        (("г. Химки, ул. Ленинградская", "141400"), ("г. Балашиха, ш. Энтузиастов", "143900"),
         ("г. Подольск, ул. Кирова", "142100"), ("г. Мытищи, ул. Мира", "141009")),
        "MSK-CO-1", "MSK-PO-101000", "50", "ГУ МВД России по Московской области",
        ("ОВМ УМВД России по г.о. Химки", "ОВМ МУ МВД России «Балашихинское»",
         "ОВМ УМВД России по г.о. Подольск"),
    ),
    _City(
        "kzn", "г. Казань", 30,
        (("ул. Баумана", "420111"), ("пр-т Победы", "420138"), ("ул. Чистопольская", "420095"),
         ("ул. Декабристов", "420066"), ("ул. Фучика", "420100"), ("пр-т Ямашева", "420124")),
        "KZN-CO-1", "KZN-PO-420111", "16", "МВД по Республике Татарстан",
        ("ОВМ ОП № 7 «Савиновский» УМВД России по г. Казани",
         "ОВМ ОП № 5 «Московский» УМВД России по г. Казани"),
    ),
)

BORDER_POSTS = (
    "Пограничная служба ФСБ России, КПП «Шереметьево»",
    "Пограничная служба ФСБ России, КПП «Домодедово»",
    "Пограничная служба ФСБ России, КПП «Внуково»",
    "Пограничная служба ФСБ России, КПП «Казань (аэропорт)»",
    "Пограничная служба ФСБ России, КПП «Маштаково»",
)

MOSCOW = dt.timezone(dt.timedelta(hours=3), "MSK")  # both demo cities; no DST since 2014
EMAIL_DOMAINS = ("mail.ru", "mail.ru", "yandex.ru", "gmail.com", "bk.ru", "inbox.ru", "list.ru")
RUSSIAN_MOBILE_CODES = ("901", "903", "905", "909", "915", "916", "917", "919", "925", "926",
                        "929", "950", "960", "963", "965", "967", "977", "985", "987", "999")

REPEAT_OUTCOMES: tuple[tuple[str, tuple[str, ...], RepeatReason], ...] = (
    ("Не представлен документ, подтверждающий законность пребывания.",
     ("Вид на жительство, РВП или миграционная карта (оригинал)",
      "Копия первого заявления"), RepeatReason.MISSING_DOCUMENTS),
    ("Паспорт без нотариально заверенного перевода на русский язык.",
     ("Нотариально заверенный перевод паспорта на русский язык",),
     RepeatReason.MISSING_DOCUMENTS),
    ("Данные учётной записи расходятся с документами, требуется справка.",
     ("Справка о статусе регистрации (МВД)",
      "Паспорт иностранного гражданина с визой или вид на жительство"),
     RepeatReason.STATUS_CERTIFICATE),
    ("Запрошено дополнительное подтверждение личности.",
     ("Паспорт иностранного гражданина с визой или вид на жительство",
      "Справка миграционной службы о пребывании",
      "Оригиналы документов, которых не хватило при первом визите"),
     RepeatReason.EXTRA_IDENTITY_CHECK),
)

# Letters a hurried typist swaps; any other letter becomes its neighbour in the alphabet.
_TYPO = dict(zip("AOEIUYSZDTBPVWGKMNRL", "OAIEYUZSTDPBWVKGNMLR", strict=True))


# -- the summary -------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoSummary:
    """What the demo created, and where to look for the mistakes it planted."""

    points: tuple[DemoPoint, ...]
    logins: tuple[DemoLogin, ...]
    password: str
    applicants: int
    applications: int
    documents: int
    visits: int
    countries: int
    problems: dict[str, list[str]] = field(default_factory=dict)
    history: HistorySummary | None = None

    def describe(self, examples: int = 3) -> str:
        kinds = {PointKind.SERVICE_CENTER: "центр обслуживания", PointKind.POST_OFFICE: "почта"}
        lines = [
            "Демонстрационный набор создан: "
            f"заявителей — {self.applicants} из {self.countries} стран, "
            f"заявлений — {self.applications}, документов — {self.documents}, "
            f"прежних визитов — {self.visits}.",
        ]
        h = self.history
        if h is not None and h.days:
            lines += [
                f"Сыграна работа за {h.days} дн. через сервисы приложения: заявителей — "
                f"{len(h.applications)}, визитов — {h.visits} (повторных — {h.repeat_visits}), "
                f"подтверждено — {h.confirmed}, нужен повторный визит — {h.repeat_needed}, "
                f"отказов — {h.refused}, отменено — {h.cancelled}, исправлений данных — "
                f"{h.corrections}; кодов выдано — {h.codes_issued}, использовано на портале — "
                f"{h.codes_redeemed}; писем — {h.letters} в {h.batches} пакетах, вручено — "
                f"{h.letters_handed_over}, возвращено — {h.letters_returned}.",
            ]
        lines += ["", "Точки обслуживания:"]
        lines += [f"  {p.code:<15} {kinds[p.kind]:<19} {p.name}" for p in self.points]
        lines += ["", "Учётные записи:", f"  {'Логин':<12} {'Пароль':<10} {'Роль':<15} Точка"]
        lines += [
            f"  {d.login:<12} {self.password:<10} {ROLE_TITLES[d.role]:<15} {d.point_code}"
            for d in self.logins
        ]
        lines += ["", "Заявления с ошибками, которые должен заметить оператор:"]
        for name, numbers in self.problems.items():
            shown = ", ".join(application_numbers.format_number(n) for n in numbers[:examples])
            more = f" и ещё {len(numbers) - examples}" if len(numbers) > examples else ""
            lines.append(f"  {PROBLEM_TITLES.get(name, name)} ({len(numbers)}): {shown}{more}")
        return "\n".join(lines)


# -- generation ------------------------------------------------------------------------


@dataclass(frozen=True)
class _RepeatVisit:
    """The planted earlier visit that ended "repeat visit needed" (played by the history)."""

    center: str
    decided_at: dt.datetime
    minutes: int
    note: str
    missing: tuple[str, ...]
    reason: RepeatReason


@dataclass(frozen=True)
class _Draft:
    data: ApplicationData
    problems: frozenset[str]
    visit: _RepeatVisit | None = None


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def _pattern(rng: random.Random, pattern: str) -> str:
    alphanumeric = "CFGHJKLMNPRTVWXYZ0123456789"  # German passports avoid look-alikes
    return "".join(
        rng.choice("0123456789") if ch == "#" else rng.choice(alphanumeric) if ch == "*" else ch
        for ch in pattern
    )


def _typo(rng: random.Random, word: str) -> str:
    positions = [i for i in range(1, len(word)) if word[i].isalpha()]
    i = rng.choice(positions)
    old = word[i]
    new = _TYPO.get(old) or ("A" if old == "Z" else chr(ord(old) + 1))
    return word[:i] + new + word[i + 1 :]


def _russian_mobile(rng: random.Random) -> str:
    return f"+7{rng.choice(RUSSIAN_MOBILE_CODES)}{_digits(rng, 7)}"


def _phone(rng: random.Random, country: _Country) -> str:
    if rng.random() < 0.75:
        return _russian_mobile(rng)
    example = phonenumbers.example_number_for_type(country.region,
                                                   phonenumbers.PhoneNumberType.MOBILE)
    if example is None:
        return _russian_mobile(rng)
    national = str(example.national_number)
    for _ in range(5):
        candidate = phonenumbers.PhoneNumber(
            country_code=example.country_code,
            national_number=int(national[:-5] + _digits(rng, 5)),
        )
        if phonenumbers.is_valid_number(candidate):
            return phonenumbers.format_number(candidate, phonenumbers.PhoneNumberFormat.E164)
    return _russian_mobile(rng)


def _email(rng: random.Random, surname: str, given: str, birth: dt.date) -> str:
    first = given.split()[0].lower() if given else "info"
    last = surname.lower().replace(" ", "")
    local = rng.choice([f"{first}.{last}", f"{last}.{first}", f"{last}{birth.year % 100:02d}",
                        f"{first}{last[0]}{rng.randint(1, 999)}"])
    return f"{local}@{rng.choice(EMAIL_DOMAINS)}"


def _snils(rng: random.Random, *, valid: bool) -> str:
    body = f"{rng.randint(10_000_000, 199_999_999):09d}"
    check = snils_check_digits(body)
    if not valid:
        check = f"{(int(check) + rng.randint(1, 99)) % 100:02d}"
    return body + check


def _inn(rng: random.Random, city: _City) -> str:
    body = city.region + f"{rng.randint(1, 51):02d}" + _digits(rng, 6)
    return body + person_inn_check_digits(body)


def _passport(
    rng: random.Random, country: _Country, today: dt.date, age: int, expires_soon: bool,
    surname: str, given: str, taken: set[str],
) -> DocumentData:
    number = _pattern(rng, rng.choice(country.passports))
    while number in taken:  # a search by passport number must find one person
        number = _pattern(rng, rng.choice(country.passports))
    taken.add(number)
    years = country.validity_years
    if expires_soon:
        expiry = today + dt.timedelta(days=rng.randint(15, 170))
        issue = _years_before(expiry, years) + dt.timedelta(days=1)
    else:
        oldest = max(1, min(9, years - 1, age - 16))
        issue = today - dt.timedelta(days=rng.randint(365, 365 * oldest))
        expiry = _years_before(issue, -years) - dt.timedelta(days=1)
    return DocumentData(
        kind=DocumentKind.PASSPORT,
        number=number,
        issue_date=issue,
        expiry_date=expiry,
        issuing_authority=country.authority,
        country=country.code,
        surname_latin=surname,
        given_names_latin=given,
    )


def _stay_documents(
    rng: random.Random, country: _Country, city: _City, today: dt.date, surname: str, given: str
) -> tuple[DocumentData, ...]:
    if country.patent:
        choices = [DocumentKind.PATENT] * 3 + [DocumentKind.MIGRATION_CARD] * 3 + [
            DocumentKind.STAY_REGISTRATION, DocumentKind.STAY_REGISTRATION,
            DocumentKind.RESIDENCE_PERMIT, DocumentKind.RESIDENCE_PERMIT,
            DocumentKind.TEMPORARY_RESIDENCE]
    else:
        choices = [DocumentKind.RESIDENCE_PERMIT] * 3 + [DocumentKind.TEMPORARY_RESIDENCE] * 2 + [
            DocumentKind.MIGRATION_CARD, DocumentKind.MIGRATION_CARD,
            DocumentKind.STAY_REGISTRATION, DocumentKind.STAY_REGISTRATION]
    kinds = [rng.choice(choices)]
    if kinds[0] is DocumentKind.PATENT and rng.random() < 0.6:
        kinds.append(DocumentKind.MIGRATION_CARD)
    if kinds[0] in (DocumentKind.PATENT, DocumentKind.MIGRATION_CARD) and rng.random() < 0.5:
        kinds.append(DocumentKind.STAY_REGISTRATION)
    return tuple(_stay_document(rng, kind, city, today, surname, given) for kind in kinds)


def _stay_document(
    rng: random.Random, kind: DocumentKind, city: _City, today: dt.date, surname: str, given: str
) -> DocumentData:
    def days_ago(low: int, high: int) -> dt.date:
        return today - dt.timedelta(days=rng.randint(low, high))

    series, expiry, authority = "", None, city.authority
    if kind is DocumentKind.RESIDENCE_PERMIT:  # ВНЖ since November 2019: no expiry date
        series, number, issue = "82", _digits(rng, 7), days_ago(60, 5 * 365)
    elif kind is DocumentKind.TEMPORARY_RESIDENCE:
        number, issue = _digits(rng, 7), days_ago(30, 900)
        expiry = _years_before(issue, -3)
    elif kind is DocumentKind.MIGRATION_CARD:
        series, number, issue = _digits(rng, 4), _digits(rng, 7), days_ago(5, 80)
        expiry, authority = issue + dt.timedelta(days=90), rng.choice(BORDER_POSTS)
    elif kind is DocumentKind.STAY_REGISTRATION:
        number, issue = _digits(rng, 7), days_ago(3, 80)
        expiry = issue + dt.timedelta(days=rng.choice((90, 180, 365)))
        authority = rng.choice(city.migration_offices)
    else:  # patent: series is the region's code
        series, number, issue = city.region, _digits(rng, 10), days_ago(20, 300)
        expiry = issue + dt.timedelta(days=365)
    return DocumentData(kind=kind, series=series, number=number, issue_date=issue,
                        expiry_date=expiry, issuing_authority=authority, country="RUS",
                        surname_latin=surname, given_names_latin=given)


def _draft(
    rng: random.Random, country: _Country, problems: frozenset[str], now: dt.datetime,
    passports: set[str], *, city: _City | None = None,
    method: ConfirmationMethod | None = None,
) -> _Draft:
    """One applicant as of ``now``; ``city`` and ``method`` are drawn unless given."""
    today = now.astimezone().date()
    if city is None:
        city = rng.choices(CITIES, weights=[c.weight for c in CITIES])[0]
    sex = "M" if rng.random() < 0.62 else "F"
    family = rng.choice(country.surnames)
    first = rng.choice(country.male if sex == "M" else country.female)
    surname = family.latin if sex == "M" else family.latin_f
    surname_cyr = family.cyrillic if sex == "M" else family.cyrillic_f
    patronymic = ""
    if country.patronymics and rng.random() < country.patronymic_share:
        son, daughter = rng.choice(country.patronymics)
        patronymic = son if sex == "M" else daughter

    age = min(70, max(18, round(rng.triangular(18, 70, 31))))
    if PASSPORT_EXPIRES_SOON in problems:
        age = max(age, 28)
    birth = _years_before(today, age) - dt.timedelta(days=rng.randint(0, 364))

    passport = _passport(rng, country, today, age, PASSPORT_EXPIRES_SOON in problems,
                         surname, first.latin, passports)
    documents = [passport]
    if MISSING_STAY_DOCUMENT not in problems:
        documents += _stay_documents(rng, country, city, today, surname, first.latin)

    account_surname = _typo(rng, surname) if NAME_MISMATCH in problems else surname
    has_snils = INVALID_SNILS in problems or rng.random() < 0.6
    snils = _snils(rng, valid=INVALID_SNILS not in problems) if has_snils else None
    inn = _inn(rng, city) if rng.random() < 0.3 else None
    email = _email(rng, account_surname, first.latin, birth) if rng.random() < 0.85 else None
    street, postal_code = rng.choice(city.streets)
    house = str(rng.randint(1, 120))
    if rng.random() < 0.2:
        house += f" к. {rng.randint(1, 4)}"
    flat = str(rng.randint(1, 240))
    region = _REGIONS[city.key]
    town = region if city.key == "msk" else city.prefix.removeprefix("г. ")
    if street.startswith("г. "):  # a town of the region: "г. Химки, ул. Ленинградская"
        town, street = street.removeprefix("г. ").split(", ", 1)
    address = compose_address(postal_code, region, town, street, house, flat)

    visit = None
    if EARLIER_REPEAT_VISIT in problems:
        submitted_at = now - dt.timedelta(minutes=rng.randint(10 * 1440, 30 * 1440))
        # A working day at least a day after the submission and two days before now.
        earliest = submitted_at.astimezone(MOSCOW).date() + dt.timedelta(days=1)
        latest = now.astimezone(MOSCOW).date() - dt.timedelta(days=2)
        days = (earliest + dt.timedelta(days=n) for n in range((latest - earliest).days + 1))
        workdays = [day for day in days if day.weekday() < 5]
        visit_day = rng.choice(workdays)
        decided_at = dt.datetime.combine(visit_day, dt.time(9, 40), MOSCOW) + dt.timedelta(
            minutes=rng.randint(0, 8 * 60))
        note, missing, reason = rng.choice(REPEAT_OUTCOMES)
        visit = _RepeatVisit(city.center, decided_at, rng.randint(12, 35), note, missing,
                             reason)
        method = ConfirmationMethod.SERVICE_CENTER
    else:
        submitted_at = now - dt.timedelta(minutes=rng.randint(20, 30 * 1440))
        drawn = (ConfirmationMethod.POST if rng.random() < 0.2
                 else ConfirmationMethod.SERVICE_CENTER)
        method = method or drawn
    status = AccountStatus.PENDING
    if not problems:
        roll = rng.random()
        status = (AccountStatus.ACTIVE if roll < 0.04
                  else AccountStatus.BLOCKED if roll < 0.06 else AccountStatus.PENDING)

    data = ApplicationData(
        number="",
        surname_latin=account_surname,
        given_names_latin=first.latin,
        birth_date=birth,
        sex=sex,
        citizenship=country.code,
        confirmation_method=method,
        submitted_at=submitted_at,
        surname_cyrillic=surname_cyr,
        given_names_cyrillic=first.cyrillic,
        patronymic_cyrillic=patronymic,
        snils=snils,
        inn=inn,
        phone=_phone(rng, country) if rng.random() < 0.95 else None,
        email=email,
        address=address,
        postal_code=postal_code,
        address_region=region,
        address_city=town,
        address_street=street,
        address_house=house,
        address_flat=flat,
        post_office_code=city.post_office if method is ConfirmationMethod.POST else None,
        account_status=status,
        documents=tuple(documents),
    )
    return _Draft(data, problems, visit)


def _drafts(rng: random.Random, applicants: int, now: dt.datetime,
            passports: set[str] | None = None) -> list[_Draft]:
    """The base set, numbered; ``passports`` collects the passport numbers drawn."""
    drafts = _unnumbered_drafts(rng, applicants, now, set() if passports is None else passports)
    return _numbered(rng, drafts, now)


def _unnumbered_drafts(rng: random.Random, applicants: int, now: dt.datetime,
                       passports: set[str]) -> list[_Draft]:
    countries = list(COUNTRIES[:applicants])  # every country at least once
    countries += rng.choices(COUNTRIES, weights=[c.weight for c in COUNTRIES],
                             k=applicants - len(countries))
    rng.shuffle(countries)
    per_problem = max(3, applicants // 32)
    chosen = rng.sample(range(applicants), per_problem * len(PROBLEMS))
    problem_of = {index: PROBLEMS[i // per_problem] for i, index in enumerate(chosen)}
    drafts = []
    for index, country in enumerate(countries):
        problems = frozenset({problem_of[index]}) if index in problem_of else frozenset()
        drafts.append(_draft(rng, country, problems, now, passports))
    return drafts


def _numbers(rng: random.Random, submitted: list[dt.datetime]) -> list[str]:
    """Application numbers for applications submitted at these moments, in the same
    order: serials grow with the submission time, with gaps (other regions submit too)."""
    numbers = [""] * len(submitted)
    serial = rng.randint(100_000, 400_000)
    for index in sorted(range(len(submitted)), key=submitted.__getitem__):
        serial += rng.randint(1, 97)
        numbers[index] = application_numbers.make(submitted[index].astimezone().year, serial)
    return numbers


def _numbered(rng: random.Random, drafts: list[_Draft], now: dt.datetime) -> list[_Draft]:
    """The drafts in submission order, each with its application number."""
    numbers = _numbers(rng, [d.data.submitted_at or now for d in drafts])
    numbered = [dataclasses.replace(d, data=dataclasses.replace(d.data, number=number))
                for d, number in zip(drafts, numbers, strict=True)]
    return sorted(numbered, key=lambda d: d.data.submitted_at or now)


# -- writing ------------------------------------------------------------------------------


def _is_empty(session: Session) -> bool:
    return not (
        operators.operator_count(session)
        or session.scalar(select(func.count()).select_from(ServicePoint))
        or session.scalar(select(func.count()).select_from(Application))
    )


def _create_staff(session: Session) -> dict[str, Operator]:
    for point in POINTS:
        operators.create_service_point(session, None, code=point.code, kind=point.kind,
                                       name=point.name, address=point.address,
                                       postal_index=point.postal_index)
    staff: dict[str, Operator] = {}
    cli = Actor.command_line()
    for index, login in enumerate(LOGINS):
        staff[login.login] = operators.create_operator(
            session, None if index == 0 else cli, login=login.login, full_name=login.full_name,
            role=login.role, point_code=login.point_code, password=DEMO_PASSWORD,
        )
    return staff


def create_demo(
    db: Database, *, applicants: int = 320, seed: int = 20261125, now: dt.datetime | None = None,
    history_days: int = 14, qr_key: bytes | None = None, code_key: bytes | None = None,
) -> DemoSummary:
    """Fill an empty database with the demo set, in one transaction, and say what is in it.

    The base set — the applicants still waiting, the desk's queue — is loaded at ``now``.
    Before it, the last ``history_days`` days of work at every service point and post office
    are played through the real services on a simulated clock
    (:mod:`operator_app.services.demo_history`); 0 plays only the base set's planted
    earlier visits.

    Deterministic for a seed and a moment: ``random.Random(seed)`` and generators derived
    from it drive every choice; ``now`` (default: the current time) anchors the dates.
    Only the confirmation codes are random every time (``secrets``: they are codes).
    ``qr_key`` and ``code_key`` default to the installation's keys (settings).
    """
    from operator_app.services import demo_history

    if applicants < MIN_APPLICANTS:
        raise ValueError(f"the demo needs at least {MIN_APPLICANTS} applicants")
    if history_days < 0:
        raise ValueError("history_days must not be negative")
    with db.read() as session:  # refuse before the work, not after it
        if not _is_empty(session):
            raise ServiceError(NOT_EMPTY)
    if qr_key is None or code_key is None:
        from operator_app.settings import code_hash_key, qr_signing_key

        qr_key = qr_key or qr_signing_key()
        code_key = code_key or code_hash_key()
    now = now or utcnow()
    rng = random.Random(seed)
    passports: set[str] = set()
    base = _unnumbered_drafts(rng, applicants, now, passports)
    history = demo_history.plan(random.Random(f"{seed}:history"), now=now, days=history_days,
                                passports=passports, base=base)
    # One numbering for everybody: an applicant of the history submitted before or after
    # one of the base set, and application numbers grow with the submission time.
    fresh = history.new_people
    numbers = _numbers(rng, [d.data.submitted_at or now for d in base]
                       + [p.data.submitted_at or now for p in fresh])
    base = [dataclasses.replace(d, data=dataclasses.replace(d.data, number=number))
            for d, number in zip(base, numbers, strict=False)]
    for person, number in zip(fresh, numbers[len(base):], strict=True):
        person.data = dataclasses.replace(person.data, number=number)
    for person in history.people:
        if person.base_index is not None:
            person.data = base[person.base_index].data
    started = demo_history.earliest(history)
    staff_at = min(now, started - dt.timedelta(days=1)) if started is not None else now

    problems: dict[str, list[str]] = {name: [] for name in PROBLEMS}
    documents = 0
    with db.write() as session:
        if not _is_empty(session):  # another demo started meanwhile
            raise ServiceError(NOT_EMPTY)
        with simulated_now(staff_at):
            _create_staff(session)
        played = demo_history.play(session, history, qr_key=qr_key, code_key=code_key,
                                   rng=random.Random(f"{seed}:play"))
        importer = Actor.command_line()
        with simulated_now(now):
            for draft in sorted(base, key=lambda d: d.data.submitted_at or now):
                if draft.visit is None:  # those with a visit came in with the history
                    import_application(session, importer, draft.data)
                documents += len(draft.data.documents)
                for name in draft.problems:
                    problems[name].append(draft.data.number)
    return DemoSummary(
        points=POINTS,
        logins=LOGINS,
        password=DEMO_PASSWORD,
        applicants=len(base),
        applications=len(base),
        documents=documents,
        visits=sum(d.visit is not None for d in base),
        countries=len({d.data.citizenship for d in base}),
        problems=problems,
        history=played,
    )


def showcase(session: Session, summary: DemoSummary, *, ordinary: int = 6
             ) -> list[tuple[str, str]]:
    """(number, caption) pairs for a printed sheet: ordinary applications first, then one
    of each planted problem, so a new desk can try every path with a real webcam.
    Ordinary: pending, nothing planted, and nothing happened to it yet (no visit, no code
    — the played history's applicants have had theirs)."""
    planted = {numbers[0]: PROBLEM_TITLES.get(name, name)
               for name, numbers in summary.problems.items() if numbers}
    visited = select(Visit.id).where(Visit.application_id == Application.id)
    coded = select(ConfirmationCode.id).where(ConfirmationCode.application_id == Application.id)
    plain = session.scalars(
        select(Application.number)
        .where(Application.number.not_in(
            [n for numbers in summary.problems.values() for n in numbers]))
        .where(Application.account_status == AccountStatus.PENDING,
               ~visited.exists(), ~coded.exists())
        .order_by(Application.number)
        .limit(ordinary)
    ).all()
    return [(number, "обычное заявление") for number in plain] + list(planted.items())


def default_sheet_path(db: Database) -> Path:
    """Beside the SQLite file, or in the current folder for a server database."""
    if db.sqlite_path is not None:
        return db.sqlite_path.with_name("demo-qr-codes.pdf")
    return Path("demo-qr-codes.pdf")


def write_qr_sheet(db: Database, summary: DemoSummary, target: Path) -> None:
    """The demo's printable QR codes: ordinary applications, each planted problem, a
    forgery and an unknown number, so every scan outcome can be tried with a real webcam."""
    from operator_app.services.application_numbers import format_number, make
    from operator_app.services.qr_payload import make_payload
    from operator_app.settings import qr_signing_key
    from printing.qr import QrItem, qr_sheet_pdf

    key = qr_signing_key()
    with db.read() as session:
        pairs = showcase(session, summary)
    items = [QrItem(format_number(n), make_payload(n, key), caption) for n, caption in pairs]
    genuine = items[0]
    forged = genuine.payload[:-4] + ("AAAA" if not genuine.payload.endswith("AAAA") else "BBBB")
    items.append(QrItem(genuine.number, forged, "поддельная подпись"))
    unknown = make(2026, 9_999_999)
    items.append(QrItem(format_number(unknown), make_payload(unknown, key), "нет в базе"))
    target.write_bytes(qr_sheet_pdf(items))
