"""The demo association's texts: data, not interface, so each is given in Arabic and French
(`(ar, fr)` pairs) and stored in the language the demo is built in."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from nassij_desktop.core.activities.models import ActivityKind, AgeGroup
from nassij_desktop.core.funding.models import FunderKind, RequestStatus

Text = tuple[str, str]  # (Arabic, French)


def pick(text: Text, lang: str) -> str:
    return text[0] if lang == "ar" else text[1]


ASSOCIATION_NAME: Text = (
    "جمعية الأمل للتنمية والتضامن",
    "Association Al Amal pour le Développement et la Solidarité",
)
ASSOCIATION_ACRONYM = "AADS"
ASSOCIATION_PURPOSE: Text = (
    "المساهمة في التنمية المحلية ومحاربة الهشاشة عبر الدعم المدرسي، والتمكين الاقتصادي للنساء، "
    "والتحسيس الصحي والتضامن، وحماية البيئة وتحسين إطار العيش.",
    "Contribuer au développement local et à la lutte contre la précarité par le soutien "
    "scolaire, l'autonomisation économique des femmes, la santé et la solidarité, la protection "
    "de l'environnement et l'amélioration du cadre de vie.",
)
BANK = ("350", "Al Barid Bank")  # bank code of the RIB, bank name

STREETS: tuple[Text, ...] = (
    ("المسيرة", "Al Massira"),
    ("ابن بطوطة", "Ibn Battouta"),
    ("الزرقطوني", "Zerktouni"),
    ("علال بن عبد الله", "Allal Ben Abdellah"),
    ("ابن سينا", "Ibn Sina"),
    ("الفارابي", "Al Farabi"),
    ("المقاومة", "Al Moukawama"),
    ("الحسن الأول", "Hassan Ier"),
    ("محمد الخامس", "Mohammed V"),
    ("الأطلس", "Atlas"),
    ("الزيتون", "Zitoune"),
    ("الياسمين", "Yasmine"),
)
QUARTERS: tuple[Text, ...] = (
    ("السلام", "Essalam"),
    ("النهضة", "Annahda"),
    ("الفتح", "Al Fath"),
    ("القدس", "Al Qods"),
    ("الرياض", "Riad"),
    ("الأندلس", "Al Andalous"),
    ("النصر", "Ennasr"),
    ("الوحدة", "Al Wahda"),
    ("الأمل", "Al Amal"),
    ("المسيرة", "Al Massira"),
)


def de(name: str) -> str:
    """French "de" before a place name, elided before a vowel: "d'Erfoud", "de Tiznit"."""
    return f"d'{name}" if name[:1].upper() in "AEIOUYÉÈÊÂÎÔ" else f"de {name}"


def address(number: int, street: Text, quarter: Text, lang: str) -> str:
    if lang == "ar":
        return f"{number}، زنقة {street[0]}، حي {quarter[0]}"
    return f"{number}, rue {street[1]}, quartier {quarter[1]}"


CONSENT_SCOPE: Text = (
    "سجل الأعضاء، الواجبات ومراسلات الجمعية",
    "Registre des membres, cotisations et communications de l'association",
)
STATUS_REASONS: dict[str, tuple[Text, ...]] = {
    "resigned": (
        ("استقالة لأسباب شخصية", "Démission pour raisons personnelles"),
        ("انتقال للسكن بمدينة أخرى", "Départ pour une autre ville"),
    ),
    "suspended": (("عدم أداء واجب الانخراط لمدة سنتين", "Cotisations impayées depuis deux ans"),),
    "excluded": (("الإخلال بمقتضيات النظام الأساسي", "Manquement aux dispositions des statuts"),),
    "deceased": (("وفاة", "Décès"),),
}

ADMIN_NAME: Text = ("مسؤول النظام", "Administrateur")

# --- governance ------------------------------------------------------------------------------

ASSEMBLY_PLACE: Text = ("دار الشباب بمدينة {city}", "Maison des jeunes {de_city}")
SECOND_CALL: Text = (
    "لم يكتمل النصاب القانوني في الدعوة الأولى؛ انعقد الجمع العام بصفة قانونية في الدعوة الثانية "
    "طبقا للنظام الأساسي.",
    "Quorum non atteint sur première convocation ; l'assemblée s'est tenue valablement sur "
    "seconde convocation, comme le prévoient les statuts.",
)


@dataclass(frozen=True)
class Said:
    """A text about one board member, in that member's grammatical gender: `who` names the
    member in the assembly's plan (demo/governance.py); `{role}` is the member's role as
    core/governance/roles.py titles it (Arabic: الرئيس/الرئيسة; French: "président" /
    "présidente"), `{the_role}` and `{of_the_role}` the French one with its article ("Le
    président", "de la trésorière adjointe")."""

    who: str
    masculine: Text
    feminine: Text


# (title, discussion or None, resolution text or None): each stored in Arabic and French.
AgendaSpec = tuple[Text | Said, Text | Said | None, Text | Said | None]

CONSTITUTIVE_AGENDA: tuple[AgendaSpec, ...] = (
    (
        ("مناقشة مشروع النظام الأساسي والمصادقة عليه", "Discussion et adoption des statuts"),
        (
            "نوقش مشروع النظام الأساسي فصلا فصلا.",
            "Le projet de statuts a été discuté article par article.",
        ),
        (
            "صادق الجمع العام التأسيسي على النظام الأساسي للجمعية.",
            "L'assemblée constitutive adopte les statuts de l'association.",
        ),
    ),
    (
        ("تحديد مبلغ واجب الانخراط السنوي", "Fixation du montant de la cotisation annuelle"),
        None,
        (
            "حدد واجب الانخراط السنوي في 100 درهم للعضو العامل و50 درهما للعضو الشاب.",
            "La cotisation annuelle est fixée à 100 DH pour les membres actifs et 50 DH pour les "
            "membres jeunes.",
        ),
    ),
    (
        ("انتخاب أول مكتب مسير", "Élection du premier bureau"),
        None,
        (
            "انتخب الجمع العام أعضاء أول مكتب مسير بالإجماع لمدة أربع سنوات.",
            "L'assemblée élit à l'unanimité les membres du premier bureau pour quatre ans.",
        ),
    ),
)

RENEWAL_AGENDA: tuple[AgendaSpec, ...] = (
    (
        ("تقديم التقرير الأدبي ومناقشته", "Présentation et discussion du rapport moral"),
        Said(
            "president",
            (
                "قدم {role} حصيلة أنشطة الولاية المنتهية وأجاب عن أسئلة الأعضاء.",
                "{the_role} a présenté le bilan du mandat écoulé et répondu aux questions "
                "des membres.",
            ),
            (
                "قدمت {role} حصيلة أنشطة الولاية المنتهية وأجابت عن أسئلة الأعضاء.",
                "{the_role} a présenté le bilan du mandat écoulé et répondu aux questions "
                "des membres.",
            ),
        ),
        ("صادق الجمع العام على التقرير الأدبي.", "L'assemblée approuve le rapport moral."),
    ),
    (
        ("تقديم التقرير المالي ومناقشته", "Présentation et discussion du rapport financier"),
        Said(
            "treasurer",
            (
                "قدم {role} الحسابات والوثائق المثبتة.",
                "{the_role} a présenté les comptes et les pièces justificatives.",
            ),
            (
                "قدمت {role} الحسابات والوثائق المثبتة.",
                "{the_role} a présenté les comptes et les pièces justificatives.",
            ),
        ),
        (
            "صادق الجمع العام على التقرير المالي وأبرأ ذمة المكتب المنتهية ولايته.",
            "L'assemblée approuve le rapport financier et donne quitus au bureau sortant.",
        ),
    ),
    (
        ("انتخاب المكتب المسير الجديد", "Élection du nouveau bureau"),
        ("تقدمت لائحة واحدة للترشيح.", "Une seule liste s'est présentée."),
        (
            "انتخب الجمع العام المكتب المسير الجديد لولاية مدتها أربع سنوات.",
            "L'assemblée élit le nouveau bureau pour un mandat de quatre ans.",
        ),
    ),
    (("مختلفات", "Divers"), None, None),
)

EXTRAORDINARY_AGENDA: tuple[AgendaSpec, ...] = (
    (
        (
            "تعديل الفصل الثالث من النظام الأساسي المتعلق بأهداف الجمعية",
            "Modification de l'article 3 des statuts relatif aux objectifs",
        ),
        (
            "اقترح المكتب إضافة حماية البيئة إلى أهداف الجمعية.",
            "Le bureau propose d'ajouter la protection de l'environnement aux objectifs.",
        ),
        (
            "صادق الجمع العام الاستثنائي على الصيغة الجديدة للفصل الثالث.",
            "L'assemblée extraordinaire adopte la nouvelle rédaction de l'article 3.",
        ),
    ),
    (
        ("إحداث فرع للجمعية بالوسط القروي", "Création d'une antenne en milieu rural"),
        None,
        (
            "وافق الجمع العام على إحداث فرع للجمعية.",
            "L'assemblée approuve la création d'une antenne de l'association.",
        ),
    ),
)

RECENT_AGENDA: tuple[AgendaSpec, ...] = (
    (
        ("التقرير الأدبي لسنة {year}", "Rapport moral de l'année {year}"),
        Said(
            "secretary_general",
            (
                "عرض {role} حصيلة الأنشطة والمستفيدين.",
                "{the_role} a présenté le bilan des activités et des bénéficiaires.",
            ),
            (
                "عرضت {role} حصيلة الأنشطة والمستفيدين.",
                "{the_role} a présenté le bilan des activités et des bénéficiaires.",
            ),
        ),
        (
            "صادق الجمع العام على التقرير الأدبي لسنة {year}.",
            "L'assemblée approuve le rapport moral de l'année {year}.",
        ),
    ),
    (
        ("التقرير المالي لسنة {year}", "Rapport financier de l'année {year}"),
        Said(
            "treasurer",
            (
                "قدم {role} حساب المنتوجات والتكاليف والحصيلة وحساب استعمال الدعم العمومي.",
                "{the_role} a présenté le compte de produits et charges, le bilan et le compte "
                "d'emploi des aides publiques.",
            ),
            (
                "قدمت {role} حساب المنتوجات والتكاليف والحصيلة وحساب استعمال الدعم العمومي.",
                "{the_role} a présenté le compte de produits et charges, le bilan et le compte "
                "d'emploi des aides publiques.",
            ),
        ),
        (
            "صادق الجمع العام على التقرير المالي لسنة {year}.",
            "L'assemblée approuve le rapport financier de l'année {year}.",
        ),
    ),
    (
        Said(
            "resigned",
            ("تعويض {role} المستقيل", "Remplacement {of_the_role} démissionnaire"),
            ("تعويض {role} المستقيلة", "Remplacement {of_the_role} démissionnaire"),
        ),
        None,
        Said(
            "successor",
            (
                "عين الجمع العام نائبا جديدا لأمين المال إلى نهاية الولاية.",
                "L'assemblée désigne un nouveau trésorier adjoint jusqu'à la fin du mandat.",
            ),
            (
                "عين الجمع العام نائبة جديدة لأمين المال إلى نهاية الولاية.",
                "L'assemblée désigne une nouvelle trésorière adjointe jusqu'à la fin du mandat.",
            ),
        ),
    ),
    (
        ("برنامج العمل للسنة المقبلة", "Programme d'action de l'année prochaine"),
        None,
        ("صادق الجمع العام على برنامج العمل.", "L'assemblée approuve le programme d'action."),
    ),
)

AUTHORITY: Text = ("باشوية {city}", "Pachalik {de_city}")
DECLARATION_NOTES: Text = (
    "ملف التجديد: محضر الجمع العام، رسالة التغطية، لائحة أعضاء المكتب.",
    "Dossier : PV de l'assemblée générale, lettre de couverture, liste du bureau.",
)

# --- activities ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeSpec:
    code: str
    name: Text


PROGRAMMES = (
    ProgrammeSpec("EDU", ("التربية والدعم المدرسي", "Éducation et soutien scolaire")),
    ProgrammeSpec("FEM", ("التمكين الاقتصادي للنساء", "Autonomisation économique des femmes")),
    ProgrammeSpec("SOL", ("الصحة والتضامن", "Santé et solidarité")),
    ProgrammeSpec("ENV", ("البيئة وإطار العيش", "Environnement et cadre de vie")),
)

A = AgeGroup
BOTH = ("m", "f")


@dataclass(frozen=True)
class ActivitySpec:
    programme: str | None
    kind: ActivityKind
    title: Text
    ages: tuple[AgeGroup, ...]
    genders: tuple[str, ...]
    people: tuple[int, int]  # total beneficiaries, low and high
    hours: int


ACTIVITIES = (
    ActivitySpec(
        "EDU",
        ActivityKind.TRAINING,
        ("حصص الدعم المدرسي", "Séances de soutien scolaire"),
        (A.CHILD, A.YOUTH),
        BOTH,
        (25, 70),
        3,
    ),
    ActivitySpec(
        "EDU",
        ActivityKind.CULTURAL,
        ("ورشة القراءة والحكي للأطفال", "Atelier de lecture et de contes pour enfants"),
        (A.CHILD,),
        BOTH,
        (15, 45),
        2,
    ),
    ActivitySpec(
        "EDU",
        ActivityKind.AWARENESS,
        ("لقاء تحسيسي حول الهدر المدرسي", "Rencontre de sensibilisation au décrochage scolaire"),
        (A.YOUTH, A.ADULT),
        BOTH,
        (30, 90),
        3,
    ),
    ActivitySpec(
        "EDU",
        ActivityKind.TRAINING,
        ("تكوين في المعلوميات لفائدة الشباب", "Formation en informatique pour les jeunes"),
        (A.YOUTH,),
        BOTH,
        (12, 25),
        4,
    ),
    ActivitySpec(
        "EDU",
        ActivityKind.DISTRIBUTION,
        (
            "توزيع المحافظ والأدوات المدرسية",
            "Distribution de cartables et de fournitures scolaires",
        ),
        (A.CHILD,),
        BOTH,
        (80, 250),
        5,
    ),
    ActivitySpec(
        "FEM",
        ActivityKind.TRAINING,
        ("ورشة الخياطة والطرز", "Atelier de couture et de broderie"),
        (A.YOUTH, A.ADULT),
        ("f",),
        (12, 30),
        4,
    ),
    ActivitySpec(
        "FEM",
        ActivityKind.TRAINING,
        (
            "تكوين في تدبير الأنشطة المدرة للدخل",
            "Formation à la gestion d'activités génératrices de revenus",
        ),
        (A.ADULT,),
        ("f",),
        (15, 35),
        6,
    ),
    ActivitySpec(
        "FEM",
        ActivityKind.AWARENESS,
        ("حصص محو الأمية", "Cours d'alphabétisation"),
        (A.ADULT, A.SENIOR),
        ("f",),
        (20, 50),
        2,
    ),
    ActivitySpec(
        "FEM",
        ActivityKind.CULTURAL,
        ("معرض منتوجات التعاونيات النسائية", "Exposition des produits des coopératives féminines"),
        (A.YOUTH, A.ADULT, A.SENIOR),
        BOTH,
        (60, 220),
        8,
    ),
    ActivitySpec(
        "SOL",
        ActivityKind.HEALTH,
        ("قافلة طبية متعددة الاختصاصات", "Caravane médicale pluridisciplinaire"),
        (A.CHILD, A.YOUTH, A.ADULT, A.SENIOR),
        BOTH,
        (150, 480),
        8,
    ),
    ActivitySpec(
        "SOL",
        ActivityKind.AWARENESS,
        ("حملة تحسيسية حول داء السكري", "Campagne de sensibilisation au diabète"),
        (A.ADULT, A.SENIOR),
        BOTH,
        (40, 130),
        4,
    ),
    ActivitySpec(
        "SOL",
        ActivityKind.HEALTH,
        ("حملة للتبرع بالدم", "Collecte de sang"),
        (A.YOUTH, A.ADULT),
        BOTH,
        (30, 90),
        6,
    ),
    ActivitySpec(
        "SOL",
        ActivityKind.DISTRIBUTION,
        (
            "توزيع قفة رمضان على الأسر المعوزة",
            "Distribution du panier de Ramadan aux familles démunies",
        ),
        (A.ADULT, A.SENIOR),
        BOTH,
        (100, 300),
        6,
    ),
    ActivitySpec(
        "ENV",
        ActivityKind.ENVIRONMENT,
        ("حملة نظافة الحي", "Campagne de propreté du quartier"),
        (A.CHILD, A.YOUTH, A.ADULT),
        BOTH,
        (30, 120),
        4,
    ),
    ActivitySpec(
        "ENV",
        ActivityKind.ENVIRONMENT,
        ("غرس الأشجار بالمدرسة", "Plantation d'arbres à l'école"),
        (A.CHILD, A.YOUTH),
        BOTH,
        (40, 100),
        3,
    ),
    ActivitySpec(
        "ENV",
        ActivityKind.AWARENESS,
        (
            "ورشة تحسيسية حول ترشيد استهلاك الماء",
            "Atelier de sensibilisation à l'économie de l'eau",
        ),
        (A.CHILD, A.ADULT),
        BOTH,
        (20, 60),
        2,
    ),
    ActivitySpec(
        "ENV",
        ActivityKind.SPORTS,
        ("دوري رياضي بين الأحياء", "Tournoi sportif inter-quartiers"),
        (A.YOUTH,),
        BOTH,
        (60, 200),
        6,
    ),
    ActivitySpec(
        None,
        ActivityKind.CULTURAL,
        ("الاحتفال باليوم العالمي للمرأة", "Célébration de la Journée internationale des femmes"),
        (A.YOUTH, A.ADULT, A.SENIOR),
        ("f",),
        (50, 150),
        3,
    ),
    ActivitySpec(
        None,
        ActivityKind.MEETING,
        ("لقاء تواصلي مع الأعضاء", "Rencontre d'information des membres"),
        (),
        (),
        (0, 0),
        2,
    ),
)

PLACES: tuple[Text, ...] = (
    ("دار الشباب", "Maison des jeunes"),
    ("مقر الجمعية", "Siège de l'association"),
    ("المدرسة الابتدائية ابن خلدون", "École primaire Ibn Khaldoun"),
    ("المركز الصحي الحضري", "Centre de santé urbain"),
    ("دار الطالبة", "Dar Taliba"),
    ("المركب الثقافي", "Complexe culturel"),
    ("الملعب البلدي", "Stade municipal"),
    ("ساحة الحي", "Place du quartier"),
)

# An activity's partners, as a volunteer types them (names separated by commas).
ACTIVITY_PARTNERS: tuple[Text, ...] = (
    ("الجماعة الترابية", "Commune"),
    ("المديرية الإقليمية للتربية الوطنية", "Direction provinciale de l'Éducation nationale"),
    ("المندوبية الإقليمية للصحة", "Délégation provinciale de la Santé"),
    ("جمعية آباء وأولياء التلاميذ", "Association des parents d'élèves"),
    ("التعاون الوطني", "Entraide nationale"),
    ("المبادرة الوطنية للتنمية البشرية", "INDH"),
    ("دار الشباب", "Maison des jeunes"),
)

ACTIVITY_DESCRIPTION: Text = (
    "نشاط من تنظيم الجمعية بشراكة مع السلطات المحلية وبمساهمة متطوعين من الأعضاء.",
    "Activité organisée par l'association avec les autorités locales et des membres bénévoles.",
)

# --- funding ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FunderSpec:
    key: str
    name: Text  # may hold {province}, {region}, {city}, and in French {de_province}, {de_city}
    acronym: str | None
    kind: FunderKind
    country: str
    foreign: bool
    agreement: str  # pattern of its agreement numbers: {year}, {n}


FUNDERS = (
    FunderSpec(
        "indh",
        (
            "المبادرة الوطنية للتنمية البشرية — إقليم {province}",
            "Initiative Nationale pour le Développement Humain — Comité provincial {de_province}",
        ),
        "INDH",
        FunderKind.INDH,
        "MA",
        False,
        "INDH/{year}/{n:03d}",
    ),
    FunderSpec(
        "ministry",
        (
            "وزارة التضامن والإدماج الاجتماعي والأسرة",
            "Ministère de la Solidarité, de l'Insertion Sociale et de la Famille",
        ),
        "MSISF",
        FunderKind.STATE,
        "MA",
        False,
        "MSISF/DAS/{year}/{n}",
    ),
    FunderSpec(
        "region",
        ("مجلس جهة {region}", "Conseil de la Région {region}"),
        None,
        FunderKind.REGION,
        "MA",
        False,
        "CR/{year}/{n:02d}",
    ),
    FunderSpec(
        "commune",
        ("جماعة {city}", "Commune {de_city}"),
        None,
        FunderKind.COMMUNE,
        "MA",
        False,
        "COM/{year}/{n:02d}",
    ),
    # The funds come from the European Union itself, not from the host country of its seat:
    # "EU" is ISO 3166-1's exceptionally reserved code, and CLDR names it in both languages.
    FunderSpec(
        "eu",
        ("بعثة الاتحاد الأوروبي بالمغرب", "Délégation de l'Union européenne au Maroc"),
        "UE",
        FunderKind.INTERNATIONAL_ORGANISATION,
        "EU",
        True,
        "NDICI/{year}/{n:06d}",
    ),
    # A fictitious foundation: the demo must not claim a real donor's support.
    FunderSpec(
        "foundation",
        ("مؤسسة الجسر المتوسطي", "Fundación Puente Mediterráneo"),
        "FPM",
        FunderKind.FOREIGN_NGO,
        "ES",
        True,
        "FPM-{year}-{n:03d}",
    ),
)


@dataclass(frozen=True)
class ProjectSpec:
    key: str
    code: str
    name: Text
    programme: str


PROJECTS = (
    ProjectSpec(
        "support",
        "PRJ-SOUTIEN",
        ("الدعم المدرسي لأطفال الحي", "Soutien scolaire des enfants du quartier"),
        "EDU",
    ),
    ProjectSpec(
        "sewing",
        "PRJ-COUTURE",
        ("مركز الخياطة لتمكين النساء", "Atelier de couture pour l'autonomisation des femmes"),
        "FEM",
    ),
    ProjectSpec(
        "caravan",
        "PRJ-SANTE",
        ("القوافل الطبية بالدواوير", "Caravanes médicales dans les douars"),
        "SOL",
    ),
    ProjectSpec("green", "PRJ-VERT", ("حي نظيف وأخضر", "Quartier propre et vert"), "ENV"),
    ProjectSpec(
        "youth", "PRJ-JEUNES", ("الشباب، التشغيل والمواطنة", "Jeunes, emploi et citoyenneté"), "EDU"
    ),
    ProjectSpec("library", "PRJ-BIBLIO", ("مكتبة الحي", "Bibliothèque de quartier"), "EDU"),
    ProjectSpec(
        "preschool",
        "PRJ-PRESCO",
        ("التعليم الأولي بالوسط القروي", "Préscolaire en milieu rural"),
        "EDU",
    ),
)

# label, account, quantity, unit cost (in the request's currency), share asked of the funder
BudgetSpec = tuple[Text, str, int, Decimal, Decimal]
D = Decimal

BUDGETS: dict[str, tuple[BudgetSpec, ...]] = {
    "support": (
        (
            ("أجرة منسق(ة) الدعم المدرسي (12 شهرا)", "Rémunération de la coordinatrice (12 mois)"),
            "6171",
            12,
            D("3000"),
            D("1"),
        ),
        (("تعويضات المؤطرين", "Indemnités des encadrants"), "6136", 10, D("2400"), D("0.8")),
        (
            ("الأدوات والكتب المدرسية", "Fournitures et manuels scolaires"),
            "6122",
            150,
            D("120"),
            D("1"),
        ),
        (("نقل التلاميذ", "Transport des élèves"), "6142", 20, D("450"), D("0.5")),
    ),
    "sewing": (
        (
            ("آلات الخياطة (مستهلكات وصيانة)", "Machines à coudre (consommables et entretien)"),
            "6122",
            10,
            D("1800"),
            D("1"),
        ),
        (
            ("المواد الأولية: الأثواب والخيوط", "Matières premières : tissus et fils"),
            "6122",
            1,
            D("24000"),
            D("0.9"),
        ),
        (("أجرة المكونة", "Honoraires de la formatrice"), "6136", 10, D("2500"), D("1")),
        (("معرض المنتوجات", "Exposition des produits"), "6143", 1, D("6000"), D("0.5")),
    ),
    "caravan": (
        (
            ("الأدوية والمستلزمات الطبية", "Médicaments et consommables médicaux"),
            "6122",
            3,
            D("15000"),
            D("1"),
        ),
        (("نقل الأطقم الطبية", "Transport des équipes médicales"), "6142", 6, D("2200"), D("1")),
        (("الإطعام", "Restauration"), "6143", 6, D("1500"), D("0.6")),
        (("التواصل والملصقات", "Communication et affiches"), "6144", 1, D("4000"), D("1")),
    ),
    "green": (
        (("الشتائل والأسمدة", "Plants et engrais"), "6122", 400, D("35"), D("1")),
        (
            ("أدوات النظافة والبستنة", "Outils de nettoyage et de jardinage"),
            "6125",
            1,
            D("9000"),
            D("1"),
        ),
        (("كراء الشاحنة", "Location de camion"), "6142", 8, D("900"), D("0.75")),
    ),
    # In euros: the European Union's request.
    "youth": (
        (("منسق(ة) المشروع", "Coordinateur du projet"), "6171", 24, D("1100"), D("0.9")),
        (
            ("دورات التكوين في المهارات الحياتية", "Formations aux compétences de vie"),
            "6136",
            12,
            D("1500"),
            D("1"),
        ),
        (("منح التداريب المهنية", "Bourses de stage"), "6126", 40, D("150"), D("1")),
        (("التواصل والتظاهرات", "Communication et événements"), "6144", 1, D("8000"), D("0.8")),
        (("التنقلات", "Déplacements"), "6142", 1, D("5000"), D("0.7")),
    ),
    # In euros: the foundation's requests.
    "library": (
        (("الكتب ومواد القراءة", "Livres et supports de lecture"), "6122", 1, D("6000"), D("1")),
        (("تجهيز الفضاء", "Aménagement de l'espace"), "6133", 1, D("4000"), D("0.8")),
        (("ورشات القراءة", "Ateliers de lecture"), "6136", 10, D("150"), D("1")),
    ),
    "preschool": (
        (("أجور المربيات", "Rémunération des éducatrices"), "6171", 20, D("2800"), D("0.8")),
        (("العتاد البيداغوجي", "Matériel pédagogique"), "6122", 1, D("18000"), D("1")),
        (("إصلاح الأقسام", "Réhabilitation des salles"), "6133", 2, D("12000"), D("1")),
    ),
    "festival": (
        (
            ("كراء الخيام والصوت", "Location de tentes et sonorisation"),
            "6131",
            1,
            D("15000"),
            D("1"),
        ),
        (("تعويضات الفنانين", "Cachets des artistes"), "6136", 6, D("2000"), D("1")),
    ),
    "gardens": (
        (("الحدائق البيداغوجية", "Jardins pédagogiques"), "6122", 5, D("1600"), D("1")),
        (("التكوين", "Formation"), "6136", 5, D("700"), D("1")),
    ),
}

DOCUMENTS: tuple[tuple[Text, bool], ...] = (
    (("النظام الأساسي للجمعية", "Statuts de l'association"), True),
    (("الوصل النهائي", "Récépissé définitif"), True),
    (("محضر آخر جمع عام", "PV de la dernière assemblée générale"), True),
    (("لائحة أعضاء المكتب المسير", "Liste des membres du bureau"), True),
    (("الميزانية التوقعية للمشروع", "Budget prévisionnel du projet"), True),
    (("شهادة التعريف البنكي", "Attestation de RIB"), True),
    (
        (
            "التقريران الأدبي والمالي للسنة الفارطة",
            "Rapports moral et financier de l'année écoulée",
        ),
        True,
    ),
    (("رسائل الدعم من الشركاء", "Lettres de soutien des partenaires"), False),
)


@dataclass(frozen=True)
class RequestSpec:
    funder: str
    project: str | None  # a key of PROJECTS, or None
    budget: str  # a key of BUDGETS
    status: RequestStatus
    title: Text
    currency: str = "MAD"


S = RequestStatus
REQUESTS = (
    RequestSpec(
        "ministry",
        "sewing",
        "sewing",
        S.CLOSED,
        (
            "دعم مركز الخياطة لتمكين النساء",
            "Appui à l'atelier de couture pour l'autonomisation des femmes",
        ),
    ),
    RequestSpec(
        "indh",
        "support",
        "support",
        S.IN_PROGRESS,
        (
            "برنامج الدعم المدرسي لأطفال الحي",
            "Programme de soutien scolaire des enfants du quartier",
        ),
    ),
    RequestSpec(
        "eu",
        "youth",
        "youth",
        S.IN_PROGRESS,
        ("الشباب، التشغيل والمواطنة", "Jeunes, emploi et citoyenneté"),
        "EUR",
    ),
    RequestSpec(
        "foundation",
        "library",
        "library",
        S.AGREEMENT_SIGNED,
        ("إحداث مكتبة الحي", "Création d'une bibliothèque de quartier"),
        "EUR",
    ),
    RequestSpec(
        "region",
        "caravan",
        "caravan",
        S.GRANTED,
        ("القوافل الطبية بالدواوير", "Caravanes médicales dans les douars"),
    ),
    RequestSpec(
        "commune", "green", "green", S.UNDER_REVIEW, ("حي نظيف وأخضر", "Quartier propre et vert")
    ),
    RequestSpec(
        "indh",
        "preschool",
        "preschool",
        S.SUBMITTED,
        ("التعليم الأولي بالوسط القروي", "Préscolaire en milieu rural"),
    ),
    RequestSpec(
        "ministry",
        "sewing",
        "sewing",
        S.DRAFT,
        ("مركز الخياطة — المرحلة الثانية", "Atelier de couture — deuxième phase"),
    ),
    RequestSpec(
        "foundation",
        None,
        "gardens",
        S.REJECTED,
        ("حدائق بيداغوجية بالمدارس", "Jardins pédagogiques dans les écoles"),
        "EUR",
    ),
    RequestSpec(
        "commune",
        None,
        "festival",
        S.WITHDRAWN,
        ("المهرجان الثقافي للحي", "Festival culturel du quartier"),
    ),
)

REQUEST_NOTES: dict[RequestStatus, Text] = {
    S.REJECTED: (
        "لم يقبل الملف لعدم مطابقته لأولويات طلب العروض.",
        "Dossier non retenu : hors des priorités de l'appel à projets.",
    ),
    S.WITHDRAWN: (
        "سحب الطلب بعد تأجيل التظاهرة.",
        "Demande retirée après le report de la manifestation.",
    ),
}
AID_KIND: Text = ("دعم مالي", "Subvention financière")
TRANCHE_LABEL: Text = ("استلام الشطر {n} — {funder}", "Réception de la tranche {n} — {funder}")
SGG_PURPOSE: Text = ("تمويل مشروع: {project}", "Financement du projet : {project}")

# --- books -----------------------------------------------------------------------------------

TREASURY_BANK: Text = ("الحساب الجاري — {bank}", "Compte courant — {bank}")
BANK_NAME: Text = ("البريد بنك", "Al Barid Bank")  # BANK's name in the account's label
TREASURY_CASH: Text = ("صندوق الجمعية", "Caisse de l'association")
OPENING: Text = ("الأرصدة الافتتاحية {year}", "À-nouveaux {year}")
CLOSING_WAIVER: Text = (
    "لم تُجرَ المطابقة البنكية في الملف التجريبي",
    "Rapprochement bancaire non tenu dans le fichier de démonstration",
)
DEPOSIT: Text = ("إيداع نقدية الصندوق بالبنك", "Versement des espèces de la caisse en banque")
DONATION: Text = ("تبرع من {name}", "Don de {name}")
BUDGET_NAME: Text = ("الميزانية التوقعية {year}", "Budget prévisionnel {year}")

# label, account, day of month, amount, paid from ("bank" or "cash")
MONTHLY: tuple[tuple[Text, str, int, Decimal, str], ...] = (
    (("كراء المقر — {month}", "Loyer du siège — {month}"), "6131", 5, D("2500.00"), "bank"),
    (
        ("الهاتف والإنترنت — {month}", "Téléphone et internet — {month}"),
        "6145",
        12,
        D("349.00"),
        "bank",
    ),
    (
        ("الماء والكهرباء — {month}", "Eau et électricité — {month}"),
        "6125",
        20,
        D("236.40"),
        "cash",
    ),
    (("مصاريف بنكية — {month}", "Frais bancaires — {month}"), "6147", 28, D("48.50"), "bank"),
)
# label, account, month, day, amount, paid from
YEARLY: tuple[tuple[Text, str, int, int, Decimal, str], ...] = (
    (
        ("تأمين المقر والأنشطة", "Assurance du siège et des activités"),
        "6134",
        2,
        15,
        D("3200.00"),
        "bank",
    ),
    (("أتعاب المحاسب", "Honoraires du comptable"), "6136", 4, 10, D("4000.00"), "bank"),
    (("لوازم المكتب", "Fournitures de bureau"), "6125", 9, 18, D("640.00"), "cash"),
    (("مصاريف الجمع العام", "Frais de l'assemblée générale"), "6143", 6, 2, D("850.00"), "cash"),
    (
        ("واجب الانخراط في شبكة الجمعيات", "Adhésion au réseau associatif"),
        "6146",
        3,
        3,
        D("300.00"),
        "bank",
    ),
)
ACTIVITY_TRANSPORT: Text = ("النقل — {title}", "Transport — {title}")
ACTIVITY_SUPPLIES: Text = ("مشتريات — {title}", "Achats — {title}")
PROJECT_EXPENSE: Text = ("{label} — {project}", "{label} — {project}")

# Who validates a tranche's reports for the funder, by the funder's acronym (else the last).
REPORT_VALIDATORS: dict[str, Text] = {
    "INDH": (
        "السيدة نادية بناني، قسم العمل الاجتماعي بالعمالة",
        "Mme Nadia Bennani, DAS de la préfecture",
    ),
    "": ("مسؤول البرنامج لدى الممول", "Le chargé de programme du bailleur"),
}
REPORT_VALIDATION_NOTE: Text = (
    "تمت المصادقة على التقريرين دون ملاحظات.",
    "Rapports validés sans réserve.",
)
