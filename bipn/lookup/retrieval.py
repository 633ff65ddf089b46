"""Ask a follow-up question: offline search over all the reviewed content, no network or model.

Every content item (rule, analgesic, figure, education section, reference, CTCAE term) is one
document. Questions are tokenised (lower case, stop words out, a light suffix stemmer),
widened with the reviewed synonyms in ``bipn/data/synonyms.toml`` and ranked with Okapi BM25.
The index is built on first use and kept for the process; it holds content only, never
anything a user typed.
"""

from __future__ import annotations

import math
import re

import snowballstemmer
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from bipn.content.loader import load
from bipn.core.errors import InputError
from bipn.content.evidence import Citation, Provenance

if TYPE_CHECKING:
    from bipn.clinical.analgesia import Band

__all__ = ["KINDS", "MAX_QUESTION_CHARS", "PAGES", "SearchResult", "item_ids", "search", "stem", "tokenize"]

MAX_QUESTION_CHARS = 500
K_MIN, K_MAX = 1, 20
PAGES = ("assessment", "pain", "education", "prognosis", "evidence", "course")
KINDS = ("rule", "analgesic", "figure", "education", "reference", "grading")

# Okapi BM25 (Robertson & Zaragoza 2009), Lucene's non-negative idf.
BM25_K1 = 1.2
BM25_B = 0.75

# "Nothing matches well", decided from data (bench/bench_search.py prints the evidence).
# The best item must score at least MIN_SCORE, and one of the first COVERAGE_CANDIDATES items
# must answer the question: either at least MIN_COVERAGE of its own words (idf-weighted; a word
# unknown to the content and the synonyms weighs most) or at least MIN_WORDS distinct words. Measured on 2026-11-27: every test
# question with a right answer had a best score >= 4.9 and coverage >= 0.52. Off-topic
# questions either share no word with the content (score 0: "capital of France", "asdfgh",
# "football scores") or share exactly one common word and score anywhere from 3 to 9
# ("train times to London" hits "time"), so a score floor alone cannot separate them; their
# coverage was 0.23-0.32 with one word answered, so coverage does. MIN_SCORE drops answers
# built only from weak synonym hits (e.g. "what should I do" scores 2.4). MIN_WORDS keeps long
# lay questions whose many unknown words ("my mum", "250 umol/L") pull the share down.
# Results after the first must also reach RELATIVE_FLOOR of the best score, so a strong answer
# is not followed by items that share one word with the question.
MIN_SCORE = 3.0
MIN_COVERAGE = 0.4
MIN_WORDS = 2
COVERAGE_CANDIDATES = 3
RELATIVE_FLOOR = 0.3

# References restate what the rules already say in bibliographic form; ranking them a little
# lower puts the plain-language answer first unless the question names the paper.
KIND_WEIGHT = {"reference": 0.7}
# ...unless the question asks for the paper itself: then references come first.
KIND_WEIGHT_WANTS_REFERENCE = {"reference": 1.3}
# ("article" is not one: "the source article" is content this product cites throughout.)
REFERENCE_WORDS = ("reference", "paper", "citation", "cite", "journal", "publication", "pubmed", "pmid", "doi")

STOP_WORDS = frozenset(
    """
    a about above after again all also am an and any are as at be been being both but by
    can could did do does doing done for from get gets getting had has have having he her
    here him his how i if im in into is it its itself just me might more most must my no
    nor not of off on once only or other our ours out own please really same she should so
    some such than that the their them then there these they thing things this those
    through to too lot lots people person someone anyone affect affects affected
    under until up very vs versus was we were what when where which while who whom why
    will with would you your yours
    """.split()
)
# Kept on purpose although common: "after"/"before" (give after dialysis) and numbers
# (grade 3, 0.7 mg/m²). A stop word still counts inside a compound ("once weekly") and inside
# a synonym phrase ("what do I do", "get better").

_WORD = re.compile(r"\d+(?:\.\d+)?|[a-z][a-z0-9]*")
_IZE = re.compile(r"(?<=[a-z]{3})iz(e|ed|es|ing|ation|ations)$")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_ENGLISH = snowballstemmer.stemmer("english")


# --- Tokeniser and stemmer -----------------------------------------------------------------


def stem(word: str) -> str:
    """The Snowball English (Porter 2) stem of a lower-case word; numbers and words of three
    letters or fewer are kept as they are: ``kidneys -> kidney``, ``doses -> dose``,
    ``stopped -> stop``, ``numbness -> numb``. A question and the content only need to meet
    on the same forms."""
    if len(word) <= 3 or not word.isalpha():
        return word
    return _ENGLISH.stemWord(word)


@dataclass(frozen=True)
class _Lexicon:
    spellings: dict[str, str]
    compounds: dict[tuple[str, str], str]


def _analyse(text: str, lex: _Lexicon, memo: dict[str, str] | None = None) -> list[tuple[str, bool]]:
    """(stemmed token, is stop word) for every word of ``text``, compounds included.

    ``memo`` caches stems while the index is built; questions are never cached.
    """
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("‘", "'")
    words = []
    for raw in _WORD.findall(text):
        raw = lex.spellings.get(raw, raw)
        words.append(_IZE.sub(r"is\1", raw))
    out: list[tuple[str, bool]] = []
    for i, w in enumerate(words):
        # A stray single letter (the "c" of "vitamin c", the "s" of "john's") is noise on its
        # own; compounds below keep the meaning where one matters.
        if not (len(w) == 1 and w.isalpha()):
            if memo is None:
                out.append((stem(w), w in STOP_WORDS))
            else:
                if w not in memo:
                    memo[w] = stem(w)
                out.append((memo[w], w in STOP_WORDS))
        if i + 1 < len(words) and (w, words[i + 1]) in lex.compounds:
            out.append((lex.compounds[(w, words[i + 1])], False))
    return out


def tokenize(text: str) -> list[str]:
    """The index terms of ``text``: lower case, stop words out, stemmed, compounds added."""
    return [t for t, stop in _analyse(text, _lexicon()) if not stop]


# --- The result ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchResult:
    """One content item that answers a question.

    ``id`` is stable (a rule id such as ``dose.withhold``, or ``analgesic.pregabalin``,
    ``figure.apex_improved_overall``, ``education.patient.3`` (1-based, reading order),
    ``reference.moreau_2011``, ``ctcae.sensory``); ``page`` is the app page where the item
    applies; ``score`` is the BM25 score (higher is better, only comparable within one
    question); ``sources`` is never empty.
    """

    id: str
    kind: str
    title: str
    text: str
    sources: tuple[Citation, ...]
    page: str
    score: float
    answer: str = ""
    """The sentence(s) that answer a question about one situation (e.g. the dialysis dose),
    also the start of ``text``; empty when the question names no situation the item covers."""


@dataclass(frozen=True)
class _Item:
    id: str
    kind: str
    title: str
    text: str
    sources: tuple[Citation, ...]
    page: str
    # (text, repeat) or (text, repeat, "lookup"): a repeat of 2 doubles its term counts; a
    # lookup field (names a rule covers) is searched but not counted in the document length.
    fields: tuple[tuple[str, int] | tuple[str, int, str], ...]
    facets: tuple[tuple[str, str], ...] = ()  # (situation, the sentence that answers it)
    names: str = ""  # the drug names a question may use for this item (analgesics)


# --- Content items -------------------------------------------------------------------------

# Where each rule family applies in the app; anything unlisted is part of the assessment.
_RULE_PAGES = {"pain": "pain", "renal": "pain", "interact": "pain", "measure": "pain", "monitor.figures_not_promise": "prognosis", "course": "course", "predose": "course"}

# Co-medication classes and the rule that speaks about them, so "tegretol" finds the CYP3A4
# inducer caution and "sertraline with tramadol" the serotonin syndrome alert.
_CLASS_RULES = {
    "cyp3a4_inducer": "caution.cyp3a4_inducer",
    "cyp3a4_inhibitor": "caution.cyp3a4_inhibitor",
    "neurotoxic": "workup.neurotoxic_drugs",
    "serotonergic": "pain.serotonin",
    "maoi": "interact.maoi",
    "maoi_like": "interact.maoi",
    "cyp1a2_strong_inhibitor": "interact.cyp1a2",
    "bleeding_risk": "interact.bleeding",
    "seizure_threshold": "interact.seizure",
}

# The chart a figure belongs to says what it is about, in words a question uses.
_CHART_WORDS = {
    "reversibility": "reversibility: improved or resolved",
    "time_to_improvement": "time to improvement",
    "incidence": "incidence: how many get neuropathy",
}

# Situations a question about one drug can name, and the words that name them (matching
# vocabulary only: what is said about each situation comes from the reviewed item). A
# question that names the drug and one of these gets that sentence first ("answer first").
SITUATIONS: dict[str, str] = {
    "dialysis": "dialysis haemodialysis hemodialysis dialysed dialyse hd",
    "kidney": "kidney kidneys renal creatinine crcl clcr gfr egfr ckd clearance nephropathy",
    "liver": "liver hepatic cirrhosis bilirubin jaundice hepatitis lft lfts",
    "alcohol": "alcohol drink drinking drinker drunk",
    "age": "elderly older old age aged 75 elder",
    "position": "first line firstline second guideline guidelines recommend recommended evidence asco esmo best choice",
}

# The item kinds a synonym group can put first (`first` in synonyms.toml), least urgent first:
# when a question triggers both, the red flag ends on top.
FIRST_ORDER = ("dose.", "redflag.")

_PROVENANCE_ORDER = (Provenance.CONFIRMED, Provenance.PARTIAL, Provenance.UNVERIFIED, Provenance.SOURCE_ARTICLE)


def _rule_page(rule_id: str) -> str:
    if rule_id in _RULE_PAGES:
        return _RULE_PAGES[rule_id]
    return _RULE_PAGES.get(rule_id.split(".", 1)[0], "assessment")


def _first_sentence(text: str, limit: int = 120) -> str:
    sentence = _SENTENCE_END.split(text.strip(), maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _plain(markdown: str) -> str:
    """Markdown of the education text as plain lines (tables as 'cell: cell')."""
    lines = []
    for line in markdown.strip().splitlines():
        line = line.strip()
        if line.startswith("|---"):
            continue
        if line.startswith("|"):
            line = ": ".join(cell.strip() for cell in line.strip("|").split("|"))
        line = line.removeprefix("- ").replace("**", "")
        if line:
            lines.append(line)
    return "\n".join(lines)


def _dedupe(citations: Iterable[Citation]) -> tuple[Citation, ...]:
    return tuple(dict.fromkeys(citations))


def _rule_items() -> list[_Item]:
    from bipn.content.cards import rules
    from bipn.clinical.dosing import dose_table
    from bipn.clinical.medications import medications

    extra: dict[str, list[str]] = {}
    for med in medications().values():
        targets = [_CLASS_RULES[c] for c in sorted(med.classes) if c in _CLASS_RULES]
        targets += [med.rule] if med.rule else []
        for rid in targets:
            extra.setdefault(rid, []).append(" ".join((med.display, *med.aliases)))
    # The label table's rows, on the rule for their action: "grade 3" finds dose.withhold.
    for (grade, pain), action in sorted(dose_table().actions.items()):
        extra.setdefault(f"dose.{action.value}", []).append(f"grade {grade} {'with' if pain else 'without'} pain")
    items = []
    for rule in rules().values():
        templated = bool(_PLACEHOLDER.search(rule.summary))
        title = _first_sentence(rule.statement) if templated else rule.summary
        summary_terms = _PLACEHOLDER.sub(" ", rule.summary)
        notes = " ".join(c.locator for c in rule.citations)
        text = rule.statement + (f" Evidence: {rule.evidence}." if rule.evidence else "")
        items.append(
            _Item(
                id=rule.id,
                kind="rule",
                title=title,
                text=text,
                sources=rule.citations,
                page=_rule_page(rule.id),
                fields=(
                    (summary_terms, 2),
                    (rule.statement, 1),
                    (notes, 1),
                    (rule.id.replace(".", " ").replace("_", " "), 1),  # ids are curated keywords
                    # Names of the medicines a rule covers: looked up, not counted in the
                    # length, so a class of fifty drugs does not bury its own rule.
                    (" ".join(extra.get(rule.id, ())), 1, "lookup"),
                    (rule.evidence, 1),
                ),
            )
        )
    return items


def _dose_text(band: Band) -> str:
    text = band.text
    if band.proportional_below is not None:
        text += f" (reduced in proportion below {band.proportional_below:g} mL/min)"
    return text


def _cited(citations: Iterable[Citation]) -> str:
    """Each source with its provenance and what it says; shows both sides where they differ."""
    return "; ".join(f"{c.reference.short} ({c.provenance.label}){': ' + c.note if c.note else ''}" for c in citations)


def _agent_facets(agent) -> tuple[tuple[str, str], ...]:  # noqa: ANN001 - bipn.clinical.analgesia.Agent
    """One sentence per situation the agent's reviewed data speaks to, naming drug and situation."""
    name = agent.display
    out: list[tuple[str, str]] = []
    if agent.dialysis_text:
        # The daily dose first (the lowest label band, as the pain plan uses on dialysis), then
        # the supplement after each session: "can I give X on dialysis" asks for both.
        daily = f"daily dose {_dose_text(agent.bands[-1])} (the label's lowest kidney band, {agent.bands[-1].label}). " if agent.bands else ""
        out.append(("dialysis", f"{name} on haemodialysis: {daily}{agent.dialysis_text} What each source says: {_cited(agent.dialysis_citations)}."))
    elif "hemodialysis" in agent.avoid_when:
        out.append(("dialysis", f"{name} on haemodialysis: {agent.avoid_when['hemodialysis']}"))
    else:
        out.append(("dialysis", f"{name} on haemodialysis: the reviewed sources give no dialysis dose; dose from the product label."))
    kidney = [f"{b.label}: {_dose_text(b)}" for b in agent.bands]
    if kidney:
        out.append(("kidney", f"{name} by kidney function (Cockcroft-Gault creatinine clearance), label daily dose: " + "; ".join(kidney) + "."))
    kidney_limits = [text for text, _ in agent.cautions if "CrCl" in text] + [r for r in agent.avoid_when.values() if "CrCl" in r or "kidney" in r.lower()]
    kidney_limits += [lim.reason for lim in agent.limits if lim.condition.startswith("crcl")]
    if kidney_limits and not kidney:
        out.append(("kidney", f"{name} and kidney function: " + " ".join(_sentence(t) for t in kidney_limits)))
    liver = [r for c, r in agent.avoid_when.items() if c == "hepatic"] + [lim.reason for lim in agent.limits if "hepatic" in lim.condition]
    if liver:
        out.append(("liver", f"{name} with liver impairment: " + " ".join(_sentence(t) for t in liver)))
    if "alcohol" in agent.avoid_when:
        out.append(("alcohol", f"{name} with alcohol: {agent.avoid_when['alcohol']}"))
    age = [lim.reason for lim in agent.limits if lim.age_over is not None]
    if age:
        out.append(("age", f"{name} in older people: " + " ".join(_sentence(t) for t in age)))
    out.append(("position", f"{name}, the two positions: source article: {agent.article_line}. Guidelines: {agent.guideline_line}"))
    return tuple(out)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _analgesic_items() -> list[_Item]:
    from bipn.clinical.analgesia import agents

    items = []
    for agent in agents().values():
        parts = [f"Source article: {agent.article_line}.", f"Guidelines: {agent.guideline_line}"]
        if agent.bands:
            parts.append("Label daily dose by kidney function: " + "; ".join(f"{b.label}: {_dose_text(b)}" for b in agent.bands) + ".")
        if agent.dialysis_text:
            parts.append(f"Haemodialysis: {agent.dialysis_text}")
        parts += list(agent.avoid_when.values())
        parts += [f"Limit: {lim.reason}." for lim in agent.limits]
        parts += [text for text, _ in agent.cautions]
        if not agent.bands:
            parts.append("No renal or hepatic dose band in the reviewed sources: dose from the product label.")
        text = " ".join(parts)
        names = " ".join((agent.display, *agent.brands))
        notes = " ".join(c.locator for c in (*agent.citations, *agent.band_citations, *agent.dialysis_citations))
        # Indexed: names, both positions, band labels (not every dose figure, which would make
        # the document long and bury it under BM25's length normalisation), dialysis, cautions.
        indexed = " ".join(
            (
                agent.article_line,
                agent.guideline_line,
                " ".join(b.label for b in agent.bands),
                agent.dialysis_text,
                *agent.avoid_when.values(),
                *(lim.reason for lim in agent.limits),
                *(text for text, _ in agent.cautions),
            )
        )
        items.append(
            _Item(
                id=f"analgesic.{agent.id}",
                kind="analgesic",
                title=agent.display,
                text=text,
                sources=_dedupe((*agent.citations, *agent.band_citations, *agent.dialysis_citations)),
                page="pain",
                fields=((names, 3), (indexed, 1), (notes, 1)),
                facets=_agent_facets(agent),
                names=names,
            )
        )
    return items


def _figure_items() -> list[_Item]:
    from bipn.clinical.prognosis import figures

    items = []
    for f in figures():
        title = f"{f.comparison}: {f.arm}, {f.label}" if f.comparison and f.arm else f.label
        items.append(
            _Item(
                id=f"figure.{f.id}",
                kind="figure",
                title=title,
                text=f.statement,
                sources=f.citations,
                # The source article's uncharted claims are listed only on the evidence page.
                page="evidence" if f.chart == "none" and not f.provenance.is_primary else "prognosis",
                fields=((title, 1), (f.label, 1), (f.statement, 1), (_CHART_WORDS.get(f.chart, ""), 1)),
            )
        )
    return items


def _education_items() -> list[_Item]:
    from bipn.clinical.education import Audience, sections

    items = []
    for who in Audience:
        for n, s in enumerate(sections(who), start=1):
            body = _plain(s.body)
            items.append(
                _Item(
                    id=f"education.{who.value}.{n}",
                    kind="education",
                    title=f"{s.title} ({'patient handout' if who is Audience.PATIENT else 'clinician summary'})",
                    text=body,
                    sources=s.citations,
                    page="education",
                    fields=((s.title, 2), (body, 1)),
                )
            )
    return items


def _reference_items(cited: dict[str, list[Provenance]]) -> list[_Item]:
    from bipn.content.evidence import references

    items = []
    for ref in references():
        # A registry entry carries no claim of its own: it is tagged with the most cautious
        # provenance the content cites it with (source-article kind for the source article).
        used = cited.get(ref.id, [])
        if ref.kind == "source_article":
            prov = Provenance.SOURCE_ARTICLE
        elif used:
            prov = max(used, key=_PROVENANCE_ORDER.index)
        else:
            prov = Provenance.UNVERIFIED
        note = "reference registry entry" + ("" if used else "; not cited by any recommendation")
        items.append(
            _Item(
                id=f"reference.{ref.id}",
                kind="reference",
                title=ref.short,
                text=ref.citation,
                sources=(Citation(ref=ref.id, provenance=prov, note=note),),
                page="evidence",
                fields=((ref.short, 1), (ref.citation, 1), (ref.kind, 1)),
            )
        )
    return items


def _grading_items() -> list[_Item]:
    from bipn.clinical.grading import ctcae

    c = ctcae()
    items = []
    for key, term in (("sensory", c.sensory), ("motor", c.motor)):
        grades = " ".join(f"Grade {g}: {wording}." for g, wording in enumerate(term.grades) if g)
        text = f"{term.definition} {grades}"
        items.append(
            _Item(
                id=f"ctcae.{key}",
                kind="grading",
                title=f"{term.name} ({c.version})",
                text=text,
                sources=c.citations,
                page="assessment",
                fields=((term.name, 2), (text, 1)),
            )
        )
    adl = f"Instrumental ADL: {c.instrumental_adl} Self-care ADL: {c.self_care_adl}"
    items.append(
        _Item(
            id="ctcae.adl",
            kind="grading",
            title=f"Activities of daily living (ADL) in {c.version}",
            text=adl,
            sources=c.citations,
            page="assessment",
            fields=(("activities of daily living ADL", 2), (adl, 1)),
        )
    )
    return items


def _items() -> list[_Item]:
    items = _rule_items() + _analgesic_items() + _figure_items() + _education_items() + _grading_items()
    cited: dict[str, list[Provenance]] = {}
    for item in items:
        for c in item.sources:
            cited.setdefault(c.ref, []).append(c.provenance)
    return items + _reference_items(cited)


# --- Index ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Group:
    terms: frozenset[str]  # what the group adds to a question
    weight: float
    first: str = ""  # an item id prefix this question puts first, when one ranks near the top


@dataclass(frozen=True)
class _Index:
    items: tuple[_Item, ...]
    lexicon: _Lexicon
    groups: tuple[_Group, ...]
    # first token -> (group number, phrase as stemmed tokens, stop words included)
    phrases: dict[str, tuple[tuple[int, tuple[str, ...]], ...]]
    postings: dict[str, dict[int, float]]  # term -> {item number: BM25 term score}
    idf: dict[str, float]
    idf_unknown: float  # the idf a term in no document would have
    kinds: tuple[str, ...]  # per item
    reference_words: frozenset[str]  # REFERENCE_WORDS, stemmed
    situations: dict[str, frozenset[str]]  # situation -> its words, analysed like a question
    names: dict[int, frozenset[str]]  # item number -> its drug-name terms (analgesics only)


@cache
def _lexicon() -> _Lexicon:
    """Spellings and compounds from synonyms.toml, read once per process."""
    raw = load("synonyms")
    compounds = {}
    for phrase, token in raw.get("compounds", {}).items():
        first, second = phrase.split()
        compounds[(first, second)] = token
    return _Lexicon(spellings=dict(raw.get("spellings", {})), compounds=compounds)


def _groups(raw: dict, lex: _Lexicon, memo: dict[str, str]) -> tuple[tuple[_Group, ...], dict]:
    """The synonym groups, and their phrases indexed by first token."""
    groups, starts = [], {}
    for number, g in enumerate(raw.get("group", [])):
        terms = set()
        for entry in g["terms"]:
            analysed = _analyse(entry, lex, memo)
            if analysed:
                phrase = tuple(t for t, _ in analysed)
                starts.setdefault(phrase[0], []).append((number, phrase))
            terms.update(t for t, stop in analysed if not stop)
        for entry in g.get("adds", []):
            terms.update(t for t, stop in _analyse(entry, lex, memo) if not stop)
        groups.append(_Group(frozenset(terms), float(g.get("weight", 0.5)), str(g.get("first", ""))))
    return tuple(groups), {first: tuple(entries) for first, entries in starts.items()}


@cache
def _index() -> _Index:
    """Build the index once per process (content only; about 120 items)."""
    raw = load("synonyms")
    lex = _lexicon()
    memo: dict[str, str] = {}
    items = tuple(_items())
    counts: list[Counter[str]] = []
    lengths: list[int] = []
    for item in items:
        tf: Counter[str] = Counter()
        length = 0
        for text, repeat, *lookup in item.fields:
            for token, stop in _analyse(text, lex, memo):
                if not stop:
                    tf[token] += repeat
                    length += 0 if lookup else repeat
        counts.append(tf)
        lengths.append(length)
    n = len(items)
    avgdl = sum(lengths) / n
    df = Counter(t for c in counts for t in c)
    idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
    postings: dict[str, dict[int, float]] = {}
    for i, tf in enumerate(counts):
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths[i] / avgdl)
        for term, f in tf.items():
            postings.setdefault(term, {})[i] = idf[term] * f * (BM25_K1 + 1) / (f + norm)
    groups, phrases = _groups(raw, lex, memo)
    return _Index(
        items=items,
        lexicon=lex,
        groups=groups,
        phrases=phrases,
        postings=postings,
        idf=idf,
        idf_unknown=math.log(1 + (n + 0.5) / 0.5),
        kinds=tuple(item.kind for item in items),
        reference_words=frozenset(stem(w) for w in REFERENCE_WORDS),
        situations={name: frozenset(t for t, _ in _analyse(words, lex, memo)) for name, words in SITUATIONS.items()},
        names={i: frozenset(t for t, stop in _analyse(item.names, lex, memo) if not stop) for i, item in enumerate(items) if item.names},
    )


@dataclass(frozen=True)
class _Query:
    """A question as weighted clauses; each clause scores a document by the best of its terms.

    The question's own words are one clause each (weight 1). Each synonym group the question
    triggers is one clause over the group's other terms, so a group of ten synonyms counts
    once, not ten times, and a literal match still outranks a synonym. ``covers`` maps each
    own word to the terms that answer it (itself, plus the terms of the groups it triggered)
    and ``weights`` gives its weight in the coverage check.
    """

    own: tuple[str, ...]
    situations: tuple[str, ...]  # situations the question names, in SITUATIONS order
    clauses: tuple[tuple[float, frozenset[str]], ...]
    covers: dict[str, frozenset[str]]
    weights: dict[str, float]
    wants_reference: bool
    firsts: tuple[str, ...] = ()  # item id prefixes to put first, the last one topmost


def _query(question: str, idx: _Index) -> _Query:
    analysed = _analyse(question, idx.lexicon)
    sequence = [t for t, _ in analysed]
    words = tuple(dict.fromkeys(t for t, stop in analysed if not stop))
    # "paper", "reference"... say what kind of answer is wanted, not what it is about.
    own = tuple(t for t in words if t not in idx.reference_words)
    covers: dict[str, set[str]] = {t: {t} for t in words}
    clauses = [(1.0, frozenset((t,))) for t in own]
    hits: dict[int, set[int]] = {}  # group number -> positions of the question it matched
    for pos, token in enumerate(sequence):
        for number, phrase in idx.phrases.get(token, ()):
            if tuple(sequence[pos : pos + len(phrase)]) == phrase:
                hits.setdefault(number, set()).update(range(pos, pos + len(phrase)))
    for number in sorted(hits):
        group = idx.groups[number]
        others = group.terms.difference(own)
        if others:
            clauses.append((group.weight, others))
        for pos in hits[number]:
            if not analysed[pos][1]:
                covers[sequence[pos]].update(group.terms)
    weights = {}
    for t in own:
        if t in idx.idf:
            weights[t] = idx.idf[t]
        else:
            # A word the content never uses weighs like a term in no document, unless a synonym
            # group knows it: then it weighs like the commonest synonym the content does use.
            known = [idx.idf[s] for s in covers[t] if s in idx.idf]
            weights[t] = min(known) if known else idx.idf_unknown
    asked = set(sequence)
    return _Query(
        own=own,
        situations=tuple(name for name, terms in idx.situations.items() if terms & asked),
        clauses=tuple(clauses),
        covers={t: frozenset(covers[t]) for t in own},
        weights=weights,
        wants_reference=len(own) < len(words),
        firsts=tuple(sorted({idx.groups[n].first for n in hits if idx.groups[n].first}, key=FIRST_ORDER.index)),
    )


def _coverage(q: _Query, doc: int, idx: _Index) -> tuple[float, int]:
    """How much of the question ``doc`` answers: (share of the own words by weight, count).

    A word unknown to both the content and the synonyms weighs most, so a short question that
    is mostly about something else ("who won the world cup") has a low share even if one of its
    words happens to occur in the content.
    """
    total = answered = 0.0
    count = 0
    for t in q.own:
        total += q.weights[t]
        if any(doc in idx.postings.get(term, ()) for term in q.covers[t]):
            answered += q.weights[t]
            count += 1
    return (answered / total if total else 0.0), count


def _answers(q: _Query, doc: int, idx: _Index) -> bool:
    share, count = _coverage(q, doc, idx)
    return share >= MIN_COVERAGE or count >= MIN_WORDS


# --- Public API ----------------------------------------------------------------------------


def _check(question: object, k: object) -> str:
    if not isinstance(question, str):
        raise InputError("question", f"question must be text (a str) of 1 to {MAX_QUESTION_CHARS} characters (got {question!r})")
    if not question.strip():
        raise InputError("question", f"question must contain a word: 1 to {MAX_QUESTION_CHARS} characters (got {question!r})")
    if len(question) > MAX_QUESTION_CHARS:
        shown = question[:40] + "…"
        raise InputError(
            "question",
            f"question must be at most {MAX_QUESTION_CHARS} characters (got {len(question)} characters: {shown!r})",
        )
    if isinstance(k, bool) or not isinstance(k, int) or not K_MIN <= k <= K_MAX:
        raise InputError("k", f"k must be a whole number from {K_MIN} to {K_MAX} (got {k!r})")
    return question


def search(question: str, k: int = 5) -> list[SearchResult]:
    """Up to ``k`` content items (1-20) that answer ``question``, best first.

    Returns an empty list when nothing matches well: no question word (even after synonyms)
    occurs in the content, the best score is below ``MIN_SCORE``, or no leading item answers
    enough of the question (see the threshold note above). InputError for a question that is
    not a str, is blank or is over 500 characters, or a ``k`` that is not a whole number
    from 1 to 20. Same question, same ranking: ties keep content order.
    """
    idx = _index()
    q = _query(_check(question, k), idx)
    scores: dict[int, float] = {}
    for weight, terms in q.clauses:
        best: dict[int, float] = {}
        for term in terms:
            for doc, s in idx.postings.get(term, {}).items():
                if s > best.get(doc, 0.0):
                    best[doc] = s
        for doc, s in best.items():
            scores[doc] = scores.get(doc, 0.0) + weight * s
    if not scores:
        return []
    kind_weight = KIND_WEIGHT_WANTS_REFERENCE if q.wants_reference else KIND_WEIGHT
    ranked = sorted(
        ((s * kind_weight.get(idx.kinds[d], 1.0), d) for d, s in scores.items()),
        key=lambda pair: (-pair[0], pair[1]),
    )
    ranked = _drug_in_situation_first(ranked, q, idx)
    ranked = _kind_first(ranked, q, idx)
    top_score = ranked[0][0]
    if top_score < MIN_SCORE or not any(_answers(q, doc, idx) for _, doc in ranked[:COVERAGE_CANDIDATES]):
        return []
    out = []
    for score, doc in ranked[:k]:
        if score < RELATIVE_FLOOR * top_score:
            break
        it = idx.items[doc]
        answer = _answer_first(it, q)
        text = f"{answer}\n\n{it.text}" if answer else it.text
        out.append(SearchResult(it.id, it.kind, it.title, text, it.sources, it.page, round(score, 6), answer))
    return out


def _drug_in_situation_first(ranked: list[tuple[float, int]], q: _Query, idx: _Index) -> list[tuple[float, int]]:
    """A question about one named drug in one situation (dialysis, kidneys, liver, alcohol, age)
    puts that drug's item first, so its answer sentence leads ("answer first"). The item keeps
    its own score; the rest keep their order."""
    if not [s for s in q.situations if s != "position"]:
        return ranked
    asked = set(q.own)
    named = [pos for pos, (_, doc) in enumerate(ranked[:COVERAGE_CANDIDATES + 2]) if idx.names.get(doc, frozenset()) & asked]
    if len(named) != 1 or named[0] == 0:
        return ranked
    pos = named[0]
    score, doc = ranked[pos]
    return [(max(score, ranked[0][0]), doc)] + ranked[:pos] + ranked[pos + 1 :]


def _kind_first(ranked: list[tuple[float, int]], q: _Query, idx: _Index) -> list[tuple[float, int]]:
    """A question that asks what to do ("grade 3 what now") puts the dose action first, and one
    that describes a red flag ("back pain and leg weakness") the red-flag rule, when such an
    item ranks near the top and answers the question (a red flag over everything)."""
    for prefix in q.firsts:
        near = ranked[: COVERAGE_CANDIDATES + 2]
        pos = next((i for i, (_, doc) in enumerate(near) if idx.items[doc].id.startswith(prefix) and _answers(q, doc, idx)), None)
        if pos:
            score, doc = ranked[pos]
            ranked = [(max(score, ranked[0][0]), doc)] + ranked[:pos] + ranked[pos + 1 :]
    return ranked


def _answer_first(item: _Item, q: _Query) -> str:
    """The item's sentences for the situations the question names ('pregabalin on dialysis'
    -> the dialysis dose), dialysis before kidney bands; empty if it names none."""
    facets = dict(item.facets)
    wanted = [name for name in q.situations if name in facets]
    if "dialysis" in wanted and "kidney" in wanted:
        wanted.remove("kidney")  # the dialysis sentence already says how kidney function counts
    return "\n".join(facets[name] for name in wanted)


def item_ids() -> tuple[str, ...]:
    """Every searchable item id, in content order (for tests and the evidence page)."""
    return tuple(item.id for item in _index().items)
