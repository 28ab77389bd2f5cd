"""Generated records for the search benchmark: sessions, documents in three languages, people.

Titles are built from parallel phrase lists (the same title in English, French and Spanish, with
the accents a translator writes), symbols in the organization's series with Corr./Rev./Add.
chains, a few restricted or unpublished documents, people with accented names. Everything is
written with bulk_create in batches (no history rows, no services: the index is built afterwards
by `search_index_rebuild`), from a fixed random seed, so two runs generate the same records.
Run inside a configured Django (benchmarks/search_bench.py calls `generate()`).
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Iterator

SESSIONS = 10_000
DOCUMENTS = 100_000
PEOPLE = 3_000
BATCH = 5_000
SEED = 21
SOURCE = "benchmarks/search_data.py"  # source_file of every generated row: the seeds' are kept

# (English, French, Spanish)
TOPICS = [
    ("Migration and health", "Migration et santé", "Migración y salud"),
    ("Labour mobility", "Mobilité de la main-d'œuvre", "Movilidad laboral"),
    ("Border management", "Gestion des frontières", "Gestión de fronteras"),
    (
        "Emergency response capacity",
        "Capacité d'intervention d'urgence",
        "Capacidad de respuesta en emergencias",
    ),
    (
        "Return and reintegration of migrants",
        "Retour et réintégration des migrants",
        "Retorno y reintegración de migrantes",
    ),
    (
        "Climate change and environmental migration",
        "Changements climatiques et migration environnementale",
        "Cambio climático y migración ambiental",
    ),
    (
        "Counter-trafficking activities",
        "Activités de lutte contre la traite des personnes",
        "Actividades de lucha contra la trata de personas",
    ),
    (
        "Remittances and development",
        "Rapatriement de fonds et développement",
        "Remesas y desarrollo",
    ),
    ("Diaspora engagement", "Mobilisation de la diaspora", "Participación de la diáspora"),
    ("Resettlement of refugees", "Réinstallation des réfugiés", "Reasentamiento de refugiados"),
    (
        "Integration of migrants in host societies",
        "Intégration des migrants dans les sociétés d'accueil",
        "Integración de los migrantes en las sociedades de acogida",
    ),
    (
        "Migration data and statistics",
        "Données et statistiques sur la migration",
        "Datos y estadísticas sobre la migración",
    ),
    (
        "Internally displaced persons",
        "Personnes déplacées à l'intérieur de leur propre pays",
        "Desplazados internos",
    ),
    ("Gender and migration", "Égalité des sexes et migration", "Género y migración"),
    (
        "Unaccompanied migrant children",
        "Enfants migrants non accompagnés",
        "Niños migrantes no acompañados",
    ),
    (
        "Regional consultative processes on migration",
        "Processus consultatifs régionaux sur la migration",
        "Procesos consultivos regionales sobre migración",
    ),
    ("Staff security and safety", "Sûreté et sécurité du personnel", "Seguridad del personal"),
    (
        "Financial statements and external audit",
        "États financiers et vérification extérieure des comptes",
        "Estados financieros y auditoría externa",
    ),
    ("Scale of assessment", "Barème des quotes-parts", "Escala de cuotas"),
    ("Outstanding contributions", "Contributions non acquittées", "Contribuciones pendientes"),
    (
        "Human rights of migrants",
        "Droits de l'homme des migrants",
        "Derechos humanos de los migrantes",
    ),
    ("Migrant smuggling", "Trafic illicite de migrants", "Tráfico ilícito de migrantes"),
    ("Humanitarian evacuation", "Évacuation humanitaire", "Evacuación humanitaria"),
    (
        "Capacity building in migration management",
        "Renforcement des capacités en gestion des migrations",
        "Fortalecimiento de capacidades en gestión migratoria",
    ),
    ("Irregular migration", "Migration irrégulière", "Migración irregular"),
    (
        "Migration governance framework",
        "Cadre de gouvernance des migrations",
        "Marco de gobernanza de la migración",
    ),
    (
        "Partnership with non-governmental organizations",
        "Partenariat avec les organisations non gouvernementales",
        "Asociación con las organizaciones no gubernamentales",
    ),
    (
        "Post-crisis recovery and transition",
        "Relèvement et transition après une crise",
        "Recuperación y transición después de las crisis",
    ),
    (
        "Health assessments before departure",
        "Évaluations sanitaires avant le départ",
        "Evaluaciones de salud previas a la partida",
    ),
    ("Discretionary income", "Revenus discrétionnaires", "Ingresos discrecionales"),
    ("Staff regulations", "Statut du personnel", "Estatuto del Personal"),
    (
        "Migrants in countries in crisis",
        "Migrants dans les pays en crise",
        "Migrantes en países en situación de crisis",
    ),
]
PREFIXES = [
    ("Report", "Rapport", "Informe"),
    ("Review", "Examen", "Examen"),
    ("Note", "Note", "Nota"),
    ("Progress report", "Rapport intérimaire", "Informe sobre la marcha"),
    ("Draft resolution", "Projet de résolution", "Proyecto de resolución"),
    ("Conference room paper", "Document de séance", "Documento de sesión"),
    ("Information paper", "Document d'information", "Documento de información"),
    (
        "Statement by the Director General",
        "Déclaration du Directeur général",
        "Declaración del Director General",
    ),
    ("Programme and Budget", "Programme et Budget", "Programa y Presupuesto"),
    ("Annual report", "Rapport annuel", "Informe anual"),
    ("Strategy", "Stratégie", "Estrategia"),
    ("Evaluation", "Évaluation", "Evaluación"),
    ("Proposal", "Proposition", "Propuesta"),
]
REGIONS = [
    (
        "Latin America and the Caribbean",
        "Amérique latine et Caraïbes",
        "América Latina y el Caribe",
    ),
    ("West and Central Africa", "Afrique de l'Ouest et du Centre", "África Occidental y Central"),
    (
        "the Middle East and North Africa",
        "Moyen-Orient et Afrique du Nord",
        "Oriente Medio y Norte de África",
    ),
    ("South-Eastern Europe", "Europe du Sud-Est", "Europa Sudoriental"),
    ("Asia and the Pacific", "Asie et Pacifique", "Asia y el Pacífico"),
    ("the Horn of Africa", "Corne de l'Afrique", "Cuerno de África"),
    ("Central America", "Amérique centrale", "Centroamérica"),
    ("the Andean region", "Région andine", "Región andina"),
    ("Côte d'Ivoire", "Côte d'Ivoire", "Côte d'Ivoire"),
    ("Peru", "Pérou", "Perú"),
    ("Mexico", "Mexique", "México"),
    ("Colombia", "Colombie", "Colombia"),
    ("Senegal", "Sénégal", "Senegal"),
    ("Haiti", "Haïti", "Haití"),
    ("Panama", "Panama", "Panamá"),
    ("Cameroon", "Cameroun", "Camerún"),
    ("Belgium", "Belgique", "Bélgica"),
    ("Ecuador", "Équateur", "Ecuador"),
    ("Yemen", "Yémen", "Yemen"),
]
AMENDMENTS = {
    "Corr": ("Corrigendum {n} to {base}", "Rectificatif {n} au {base}", "Corrección {n} al {base}"),
    "Rev": ("Revision {n} of {base}", "Révision {n} du {base}", "Revisión {n} del {base}"),
    "Add": ("Addendum {n} to {base}", "Additif {n} au {base}", "Adición {n} al {base}"),
}
# Chains under an original, with their weights: most documents have none.
CHAINS = [
    ((), 62),
    ((("Corr", 1),), 12),
    ((("Rev", 1),), 8),
    ((("Add", 1),), 5),
    ((("Corr", 1), ("Corr", 1, "Rev", 1)), 5),
    ((("Rev", 1), ("Rev", 2)), 4),
    ((("Add", 1), ("Add", 2), ("Add", 3)), 2),
    ((("Corr", 1), ("Rev", 1), ("Add", 1)), 2),
]
# Series, first generated number, weight. Numbers of the seeded documents are skipped.
SERIES = [("MC", 1000, 45), ("MC/EX", 1, 15), ("MC/INF", 1, 15), ("SCPF", 1, 25)]
FIRST_NAMES = [
    "Germán",
    "José",
    "María",
    "Inés",
    "Raúl",
    "Jesús",
    "Ángel",
    "Sofía",
    "Lucía",
    "Andrés",
    "François",
    "Hélène",
    "Zoé",
    "Jérôme",
    "Noël",
    "Anaïs",
    "Chloé",
    "Benoît",
    "Gaëlle",
    "Léa",
    "Jürgen",
    "Björn",
    "Søren",
    "Åsa",
    "Łukasz",
    "Dragoș",
    "Mihály",
    "Çağla",
    "Ömer",
    "Dženana",
    "Amina",
    "Kwame",
    "Nadia",
    "Idriss",
    "Fatou",
    "Olusegun",
    "Thandiwe",
    "Youssef",
    "Leila",
    "Tariq",
    "Hiroshi",
    "Mei",
    "Anh",
    "Priya",
    "Arjun",
    "Siosaia",
    "Ana",
    "Pedro",
    "Joaquín",
    "Mónica",
]
LAST_NAMES = [
    "Mundaraín",
    "Hernández",
    "Núñez",
    "Peña",
    "Muñoz",
    "Ibáñez",
    "Giménez",
    "Pérez",
    "Martínez",
    "Gutiérrez",
    "Díaz",
    "Sánchez",
    "Álvarez",
    "Ordóñez",
    "Calderón",
    "Montalvo",
    "Samaniego",
    "Lefèvre",
    "Dubœuf",
    "Bélanger",
    "Gagné",
    "Fortié",
    "Lemaître",
    "Desprès",
    "Benjaber",
    "Jazaïry",
    "Müller",
    "Schröder",
    "Größer",
    "Ødegård",
    "Nowakowski",
    "Dvořák",
    "Kovač",
    "Şahin",
    "Öztürk",
    "Popescu",
    "Ndiaye",
    "Diallo",
    "Traoré",
    "Ouédraogo",
    "Mbaye",
    "Okonkwo",
    "Kitajima",
    "Nguyễn",
    "Trần",
    "Sharma",
    "Rahman",
    "Haddad",
    "Weidinger",
    "Garrigues",
    "Swing",
    "Tōgō",
    "Łęcki",
    "Zúñiga",
    "Aragón",
    "Cañete",
    "Villaseñor",
    "Ferrão",
    "Conceição",
    "Açores",
]
STOP = {
    "and",
    "the",
    "of",
    "in",
    "on",
    "to",
    "et",
    "des",
    "la",
    "le",
    "les",
    "de",
    "du",
    "au",
    "sur",
    "y",
    "el",
    "los",
    "las",
    "del",
    "al",
    "en",
    "dans",
    "avec",
    "con",
    "sobre",
    "d'accueil",
    "l'homme",
    "d'urgence",
    "l'intérieur",
    "l'ouest",
    "d'information",
    "main-d'œuvre",
    "propre",
    "before",
    "after",
    "with",
    "pays",
    "leur",
    "para",
    "por",
    "une",
    "crisis",
}
LANGUAGES = ("en", "fr", "es")


def strip_accents(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).replace("œ", "oe")


def _title(rng: random.Random, year: int) -> tuple[str, str, str]:
    prefix, topic = rng.choice(PREFIXES), rng.choice(TOPICS)
    region = rng.choice(REGIONS) if rng.random() < 0.6 else None
    titles = []
    for i, lang in enumerate(LANGUAGES):
        colon = " : " if lang == "fr" else ": "
        text = f"{prefix[i]}{colon}{topic[i]}"
        if region:
            text += f", {region[i]}"
        titles.append(f"{text} ({year})")
    return titles[0], titles[1], titles[2]


def _amendment_title(kind: str, n: int, base: str, parent_titles: tuple[str, str, str]):
    return tuple(
        f"{AMENDMENTS[kind][i].format(n=n, base=base)} ({parent_titles[i]})"[:400] for i in range(3)
    )


def _numbers(taken: set[str], rng: random.Random) -> Iterator[str]:
    """Original symbols in the series' proportions, skipping the seeded ones."""
    counters = {series: first for series, first, _ in SERIES}
    names = [series for series, _, _ in SERIES]
    weights = [weight for _, _, weight in SERIES]
    while True:
        series = rng.choices(names, weights)[0]
        symbol = f"{series}/{counters[series]}"
        counters[series] += 1
        if symbol not in taken:
            yield symbol


def generate(*, stdout=print) -> None:
    from django.db import transaction

    from governance.domain.symbols import parse_symbol
    from governance.models import DocumentReference, DocumentVersion

    rng = random.Random(SEED)
    with transaction.atomic():
        sessions = _sessions(rng)
        stdout(f"generated {len(sessions):,} sessions, their meetings and agenda items")
        people = _people(rng, sessions)
        stdout(f"generated {len(people):,} people and their offices")
    taken = {
        symbol
        for symbol in DocumentReference.objects.values_list("symbol", flat=True)
        if symbol is not None
    }
    originals = _numbers(taken, rng)
    chain_choices = [chain for chain, _ in CHAINS]
    chain_weights = [weight for _, weight in CHAINS]
    made = 0
    published_sessions = [s for s in sessions if s.is_published]
    while made < DOCUMENTS:
        with transaction.atomic():
            # depth -> (document, its titles, the symbol of the document it amends)
            level: dict[int, list[tuple[DocumentReference, tuple, str]]] = {}
            batch_made = 0
            while batch_made < BATCH and made + batch_made < DOCUMENTS:
                base = next(originals)
                year = rng.randint(1952, 2026)
                issued = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
                titles = _title(rng, year)
                doc = _document(parse_symbol(base), titles, issued, rng)
                level.setdefault(0, []).append((doc, titles, ""))
                batch_made += 1
                for step in rng.choices(chain_choices, chain_weights)[0]:
                    if made + batch_made >= DOCUMENTS:
                        break
                    pieces = [f"{step[i]}.{step[i + 1]}" for i in range(0, len(step), 2)]
                    symbol = "/".join([base, *pieces])
                    kind, n = step[-2], step[-1]
                    parent_symbol = "/".join([base, *pieces[:-1]])
                    child_titles = _amendment_title(kind, n, parent_symbol, titles)
                    child = _document(parse_symbol(symbol), child_titles, issued, rng)
                    level.setdefault(len(pieces), []).append((child, child_titles, parent_symbol))
                    batch_made += 1
            by_symbol: dict[str, DocumentReference] = {}
            for depth in sorted(level):
                docs = []
                for doc, _, parent_symbol in level[depth]:
                    if parent_symbol:
                        doc.parent = by_symbol[parent_symbol]
                    docs.append(doc)
                DocumentReference.objects.bulk_create(docs, batch_size=BATCH)
                by_symbol.update((doc.key, doc) for doc in docs)
            created = [doc for depth in level.values() for doc, _, _ in depth]
            DocumentVersion.objects.bulk_create(
                (
                    DocumentVersion(
                        document=doc,
                        language=lang,
                        url=f"https://governing-bodies.example.org/{doc.key}/{lang}.pdf",
                    )
                    for doc in created
                    for lang in LANGUAGES
                ),
                batch_size=BATCH,
            )
            _link_sessions(created, published_sessions, sessions, rng)
            made += batch_made
        stdout(f"generated {made:,} documents, {3 * made:,} language versions")


def _document(parsed, titles, issued, rng: random.Random):
    from governance.models import DocumentReference

    draw = rng.random()
    return DocumentReference(
        key=parsed.canonical,
        symbol=parsed.canonical,
        series=parsed.series,
        number=parsed.number,
        parts=[list(part) for part in parsed.parts],
        title=titles[0][:400],
        title_fr=titles[1][:400],
        title_es=titles[2][:400],
        kind=rng.choice(["report", "information", "working_paper", "conference_room_paper"]),
        issued_on=issued,
        original_language=rng.choice(LANGUAGES),
        access="restricted" if draw < 0.05 else "public",
        is_published=not (0.05 <= draw < 0.06),
        source_file=SOURCE,
    )


def _link_sessions(docs, published_sessions, sessions, rng: random.Random) -> None:
    """A fifth of the documents prepared for a session; some of those sessions unpublished."""
    from meetings.models import SessionDocument

    SessionDocument.objects.bulk_create(
        (
            SessionDocument(
                session=rng.choice(sessions if rng.random() < 0.1 else published_sessions),
                document=doc,
                role="prepared_for",
            )
            for doc in docs
            if rng.random() < 0.2
        ),
        batch_size=BATCH,
    )


def _sessions(rng: random.Random):
    from django.db.models import Max

    from governance.models import Body
    from meetings.models import AgendaItem, Meeting, Session

    bodies = list(Body.objects.filter(is_external=False).order_by("key"))
    highest = dict(
        Session.objects.filter(number__isnull=False)
        .values_list("body_id")
        .annotate(top=Max("number"))
    )
    counters = {body.pk: highest.get(body.pk, 0) for body in bodies}
    sessions = []
    for i in range(SESSIONS):
        body = bodies[i % len(bodies)]
        counters[body.pk] += 1
        year = 1951 + (i * 79) // SESSIONS
        start = dt.date(year, rng.randint(1, 12), rng.randint(1, 25))
        sessions.append(
            Session(
                key=f"{body.key}-{counters[body.pk]}",
                body=body,
                number=counters[body.pk],
                start_date=start,
                end_date=start + dt.timedelta(days=rng.randint(0, 3)),
                status="held" if year < 2026 else "confirmed",
                is_published=rng.random() < 0.95,
                source_file=SOURCE,
            )
        )
    Session.objects.bulk_create(sessions, batch_size=BATCH)
    meetings, items = [], []
    for session in sessions:
        if rng.random() < 0.25:
            for n in (1, 2):
                meetings.append(
                    Meeting(
                        session=session,
                        date=session.start_date,
                        part="morning" if n == 1 else "afternoon",
                        source_file=SOURCE,
                    )
                )
        if rng.random() < 0.3:
            for position, topic in enumerate(rng.sample(TOPICS, 3), start=1):
                items.append(
                    AgendaItem(
                        session=session,
                        position=position,
                        label=str(position),
                        title=topic[0],
                        title_fr=topic[1],
                        title_es=topic[2],
                        source_file=SOURCE,
                    )
                )
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    AgendaItem.objects.bulk_create(items, batch_size=BATCH)
    return sessions


def _people(rng: random.Random, sessions):
    from django.utils.text import slugify

    from governance.models import Entity, Person
    from meetings.models import BureauMember

    people: list[Person] = []
    keys = set(Person.objects.values_list("key", flat=True))
    while len(people) < PEOPLE:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if rng.random() < 0.4:
            name += f" {rng.choice(LAST_NAMES)}"
        key = slugify(strip_accents(name))
        if key in keys:
            continue
        keys.add(key)
        people.append(
            Person(key=key, name=name, honorific=rng.choice(["Mr.", "Ms."]), source_file=SOURCE)
        )
    Person.objects.bulk_create(people, batch_size=BATCH)
    states = list(Entity.objects.filter(kind="state"))
    BureauMember.objects.bulk_create(
        (
            BureauMember(
                body_id=session.body_id,
                session=session,
                role="chairperson",
                person=rng.choice(people),
                state=rng.choice(states),
                source_file=SOURCE,
            )
            for session in rng.sample(sessions, len(sessions) // 4)
        ),
        batch_size=BATCH,
    )
    return people
