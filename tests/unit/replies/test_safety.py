"""The safety net: danger by category in all ten languages, and everyday questions left alone.

Development examples in the safety-set format live in ``safety_examples/`` (the blind set in
``tests/safety/`` is read by ``test_safety_set.py``).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.config import PROJECT_ROOT
from bot.i18n import messages as m
from bot.languages import language_codes
from bot.nlu.data import read_examples
from bot.replies.emergency import LINES, lines_for
from bot.replies.safety import CATEGORIES, KEYWORDS_FILE, SafetyNet, fold, loose_latin
from tests.auxil.safety_set import (
    EXAMPLES,
    SET_CATEGORIES,
    CalmMessage,
    DangerMessage,
    calm_messages,
    danger_messages,
)

DANGER = danger_messages(EXAMPLES)
CALM = calm_messages(EXAMPLES)

NOT_DANGER_TOPICS = ("racist_attack", "emergency", "violence_women", "work_exploitation", "online_hate")
"""Training intents left out of the false-alarm count: ``emergency`` is danger; a racist attack ("they
beat me"), violence against women, labour exploitation ("the boss took my passport") and threats online
are about violence, where the crisis lines before the answer are meant (the last three: issue 11's new
topics, once merged)."""
FALSE_ALARM_BUDGET = 0.005
"""At most this share of the other training examples may set the net off (measured: 38 of 28,375)."""


@pytest.fixture(scope="module")
def net() -> SafetyNet:
    return SafetyNet.load()


def test_every_category_has_words_in_every_language() -> None:
    raw = yaml.safe_load(KEYWORDS_FILE.read_text(encoding="utf-8"))
    for category in CATEGORIES:
        assert sorted(raw[category]) == sorted(language_codes()), category
        assert all(len(words) >= 4 for words in raw[category].values()), category


def test_every_category_has_crisis_lines() -> None:
    assert set(LINES) == set(CATEGORIES)
    assert set(SET_CATEGORIES) <= set(CATEGORIES)


def test_the_examples_cover_every_language() -> None:
    assert {m.language for m in DANGER} == set(language_codes())


@pytest.mark.parametrize("message", DANGER, ids=lambda m: m.id)
def test_danger_is_recognised_with_its_category(net: SafetyNet, message: DangerMessage) -> None:
    found = net.check(message.text)
    assert message.category in found.categories, (message.text, net.explain(message.text))


@pytest.mark.parametrize("message", CALM, ids=lambda m: f"{m.language}:{m.text[:40]}")
def test_calm_messages_do_not_set_the_net_off(net: SafetyNet, message: CalmMessage) -> None:
    assert not net.check(message.text), net.explain(message.text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Selbsmord", "suicide"),  # a letter left out
        ("ich wurde vergwaltigt", "rape"),
        ("i think about suicdie", "suicide"),  # two letters swapped
        ("мене б'є чоловік", "domestic_violence"),  # another word order
        ("nie chcę już żyć", "suicide"),  # a word in between
        ("iznasilovali", "rape"),  # Cyrillic keyword, Latin letters
        ("samoubiystvo", "suicide"),
        ("MEIN MANN SCHLÄGT MICH", "domestic_violence"),
        ("urgență medicală", "danger"),
    ],
)
def test_spellings_people_use(net: SafetyNet, text: str, category: str) -> None:
    assert category in net.check(text).categories, net.explain(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("mein Mann ist gewalttätig, was kann ich tun", "domestic_violence"),  # a violence word + family
        ("my boyfriend is violent when he drinks", "domestic_violence"),
        ("муж постоянно бьет", "domestic_violence"),
        ("زوجي عنيف معي", "domestic_violence"),
        ("gestern hat er wieder zugeschlagen", "danger"),  # past tense, no one named
        ("Das Beste wäre, ich wäre tot", "suicide"),
        ("nobody would miss me anyway", "suicide"),
        ("ich weiß nicht, wie ich weiterleben soll", "suicide"),
        ("не знаю, как жить дальше", "suicide"),
        ("از دیشب خون ریزی دارم", "medical"),  # "خونریزی" typed with a space
        ("فکر کنم امشب منو می کشد", "danger"),  # the prefix "می" typed apart
        ("النجدە", "danger"),  # ە typed for ة
        ("szef wziął nam paszporty", "forced_work"),  # "took" in another aspect than "zabrał"
        ("die Chefin hat die Pässe einbehalten", "forced_work"),
    ],
)
def test_violence_and_danger_as_people_tell_them(net: SafetyNet, text: str, category: str) -> None:
    """Word families the net lacked, found in people's own posts (bench/safety_real.py)."""
    assert category in net.check(text).categories, net.explain(text)


def test_a_violence_word_alone_is_not_violence_at_home(net: SafetyNet) -> None:
    assert not net.check("Gewalt im Fernsehen macht den Kindern Angst")
    found = net.check("my boyfriend is violent")
    assert found.categories == ("domestic_violence",)
    assert found.languages == ("en",)  # the reply language while Rasa is down


def test_violence_by_family_is_violence_at_home_and_by_strangers_is_not(net: SafetyNet) -> None:
    assert "domestic_violence" in net.check("my husband beat me last night").categories
    stranger = net.check("two men beat me at the station")
    assert stranger and "domestic_violence" not in stranger.categories
    assert lines_for(stranger.categories) == (m.LINE_POLICE, m.LINE_AMBULANCE)


@pytest.mark.parametrize(
    "text",
    [
        "ich arbeite jeden tag 15 stunden und der chef zahlt nicht",
        "we work 16 hours a day and the boss doesnt pay us",
        "نشتغل ١٤ ساعة باليوم وما بيدفعلنا",  # Arabic digits
        "روزی ۱۴ ساعت کار میکنیم و حقوق نمیدن",  # Persian digits
        "працюємо без вихідних і нам не платять",
        "он говорит что я должна ему за дорогу поэтому не платит",  # a debt for the journey
        "günde 14 saat çalışıyoruz maaş vermiyorlar",
        "lucram zi si noapte si nu ne plateste nimeni",
        "работим по 14 часа и не ни плащат",
        "szef nie płaci i grozi policją",  # a threat to denounce
        # isolation: the phones taken, no calls allowed
        "der Chef hat uns die Handys weggenommen und zahlt keinen Lohn",
        "he took our phones and we have not been paid for two months",
        "забрали телефоны и не платят уже два месяца",
        "اخدوا تلفوناتنا وما بيدفعولنا",
        "nie wolno nam dzwonić do rodziny, a szef nie płaci",
    ],
)
def test_wages_withheld_with_signs_of_being_held_are_forced_work(net: SafetyNet, text: str) -> None:
    """Neither kind of word is danger alone; together they are forced labour (the ILO's indicators)."""
    assert "forced_work" in net.check(text).categories, net.explain(text)


@pytest.mark.parametrize(
    "text",
    [
        "mein Arbeitgeber zahlt nicht, was kann ich tun",
        "Co zrobić, gdy pracodawca nie płaci?",
        "не платят зарплату что делать",
        "maaşımı vermiyor ne yapmalıyım",
        "ich arbeite 12 stunden schicht im krankenhaus",
        "can i work 14 hours a day in germany",
        "كم ساعة مسموح العمل باليوم؟ ١٢ ساعة؟",
        "someone took my phone on the train, what can i do",
        "у меня забрали телефон в школе",
    ],
)
def test_a_pay_question_or_long_hours_alone_are_not_forced_work(net: SafetyNet, text: str) -> None:
    assert not net.check(text), net.explain(text)


@pytest.mark.parametrize(
    "text",
    ["مردم دیروز پسرم را زد", "شوهرم دخترمو کتک زد", "мъжът ми биеше детето", "вчера той наби сина ми"],
)
def test_a_child_beaten_in_the_past_tense_is_child_abuse(net: SafetyNet, text: str) -> None:
    """Issue 11 asks for the past tense too ("yesterday"); Persian keeps the object marker, so the
    order says who was hit; Bulgarian "би" alone is also "would", so only "биеше"/"наби" count."""
    assert "child_abuse" in net.check(text).categories, net.explain(text)


def test_the_bulgarian_would_is_not_a_beating(net: SafetyNet) -> None:
    assert not net.check("детето би искало да ходи на детска градина")


@pytest.mark.parametrize(
    "text",
    [
        "i scratch my arms because of eczema",
        "ich habe neurodermitis und kratze mir die arme blutig",
        "у меня экзема, расчесываю руки до крови",
        "egzamam var kollarımı kanayana kadar çiziyorum",
        "mam egzemę i drapię ręce do krwi",
        "my arms are itchy and i scratch until it bleeds, which dermatologist",
    ],
)
def test_a_skin_complaint_explains_scratched_arms(net: SafetyNet, text: str) -> None:
    """Arms scratched until they bleed, with eczema or itching named: a question for a doctor."""
    assert not net.check(text), net.explain(text)


@pytest.mark.parametrize(
    "text",
    ["ich ritze mich an den armen obwohl ich neurodermitis habe", "I am cutting myself, my arms itch"],
)
def test_a_skin_complaint_does_not_hide_self_harm_that_is_named(net: SafetyNet, text: str) -> None:
    assert "self_harm" in net.check(text).categories, net.explain(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # child abuse: a child or a carer named with an act of abuse or a sign of grooming
        ("mein stiefvater kommt nachts in mein zimmer und ich hab angst", "child_abuse"),  # carer + night
        ("my stepdad comes into my room at night and says its our secret", "child_abuse"),
        ("زوج امي بيفوت على غرفتي بالليل وبيقلي لا تقولي لماما", "child_abuse"),
        ("ناپدریم شبا میاد تو اتاقم و میگه به مامانت نگو", "child_abuse"),
        ("вітчим лупить малого ременем", "child_abuse"),  # a child + beaten with a belt
        ("otchim lupit mladshego brata remnem", "child_abuse"),  # Russian in Latin letters
        ("üvey babam küçük kardeşime kemerle vuruyor", "child_abuse"),
        ("iubitul mamei il loveste pe fratiorul meu cu cureaua", "child_abuse"),  # no diacritics
        ("пастрокът ми идва нощем в стаята ми и казва че е нашата тайна", "child_abuse"),
        ("ojczym przychodzi w nocy do mojego pokoju i mowi ze to nasza tajemnica", "child_abuse"),
        # a child often does not name him: "he" and a secret at night are enough
        ("he comes into my room at night and says it is our secret", "child_abuse"),
        ("er kommt nachts in mein zimmer und er hat gesagt das ist unser geheimnis", "child_abuse"),
        ("он приходит ко мне ночью и он сказал это наш секрет", "child_abuse"),
        ("شبا میاد تو اتاقم و میگه به کسی نگو", "child_abuse"),
        # self-harm: a body place with a form of self-injury
        ("ich kratze mir die arme auf bis es blutet", "self_harm"),
        ("I keep scratching my forearms with a razor", "self_harm"),
        ("بخربش ذراعي لحد ما يطلع دم", "self_harm"),
        ("دوباره با فندک دستامو میسوزونم", "self_harm"),
        ("знову порізи на стегнах, ховаю під джинсами", "self_harm"),
        ("opyat rezhu ruki", "self_harm"),  # Russian in Latin letters
        ("uyluklarımı kanayana kadar çiziyorum", "self_harm"),
        ("îmi zgârii brațele până la sânge", "self_harm"),
        ("пак драскам ръцете си докато потече кръв", "self_harm"),
        ("znowu mam nacięcia na udach", "self_harm"),
    ],
)
def test_child_abuse_and_self_harm_described_not_named(net: SafetyNet, text: str, category: str) -> None:
    """Described, not named: two kinds of words together (child-protection and health indicator lists)."""
    assert category in net.check(text).categories, net.explain(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("my boss took my passport and he told me not to tell anyone", "forced_work"),
        ("my landlord touched me and he said not to tell anyone", "sexual_assault"),
        ("mein chef hat meinen pass genommen, er hat gesagt ich darf es niemandem sagen", "forced_work"),
        ("начальник забрал паспорт, он сказал никому не говорить", "forced_work"),
        ("patronum pasaportumu aldı, bana dedi kimseye söyleme", "forced_work"),
        ("seful mi-a luat pasaportul si mi-a spus sa nu spun nimanui", "forced_work"),
        ("szef zabrał mi paszport i powiedział nie mów nikomu", "forced_work"),
        ("رئیسم پاسپورتم رو گرفت و گفت به کسی نگو که حقوق نمیده", None),
    ],
)
def test_an_adults_secret_at_work_is_not_child_abuse(net: SafetyNet, text: str, category: str | None) -> None:
    """The child-abuse lines are for children: a boss's "tell no one" gets the lines of the adult's own
    danger, if any."""
    found = net.check(text).categories
    assert "child_abuse" not in found, net.explain(text)
    assert category is None or category in found, net.explain(text)


@pytest.mark.parametrize(
    "text",
    [
        "my child cut his finger, which doctor",
        "where can my son learn to box",
        "I burned the food",
        "my arms hurt after work",
        "the Kita teacher said my child is scared of the dark",
        "mein Sohn hat sich in den Finger geschnitten, welcher Arzt",
        "meine Arme tun nach der Arbeit weh",
        "mein Kind kommt nachts in mein Bett, ist das normal",  # a child, not a carer, at night
        "my daughter comes into our bed at night, is that normal",
        "our family secret recipe for the school party",
        "ребенок порезал палец, куда идти",
        "дитина порізала палець, до якого лікаря",
        "kızım karanlıktan korkuyor",
        "oğlum boks öğrenmek istiyor nerede",
        "yemeği yaktım",
        "ابني جرح اصبعه وين في دكتور",
        "دخترم از تاریکی میترسه",
        "moja córka boi się ciemności w nocy",
        "copilul meu s-a tăiat la deget",
        "am ars mâncarea",
        "детето ми се поряза на пръста",
        "we are cutting costs again",
        "I got the letter about the Rundfunkbeitrag ARD ZDF recently",  # ro "ard", pl "ręce" as stems
    ],
)
def test_a_child_or_a_body_alone_is_not_abuse_or_self_harm(net: SafetyNet, text: str) -> None:
    assert not net.check(text), net.explain(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ich suche eine Wohnung in Brandenburg",
        "Wie bekomme ich eine Krankenversicherung?",
        "I was fired from my job",
        "kann ich mich beraten lassen",  # "beraten" is one letter from "beaten"
        "how much money is protected from seizure",
        "sosyal yardım nasıl alınır",
        "her gün aynı",  # "gün" folds to "gun"
        "uyanıyorum gece",  # Turkish: one letter from "uyanmıyor" is "not"
        "كيف أحصل على تأمين صحي؟",
        "bkhatrak",
        "جواب پناهندگی چقدر طول میکشه",
        "Где найти курсы немецкого?",
        "на меня подали в суд",  # "подали" is one letter from "продали"
        "Gdzie znajdę pracę?",
        "jak ogłosić upadłość",
        "caut de urgenta un apartament",
        "сърцето ми бие силно",
        "better than before",  # Ukrainian "ніж" = "than" is not "knife"
        "I feel violated by my landlord's visit",  # Romanian "violat" is not English "violated"
        "یک تهدید مالی از بانک دارم",  # "تهدید مالی" without its space is not "تهدیدم"
        "mein Mann hat mir eine Wohnung vorgeschlagen",
        "Ich möchte wissen, wie ich in Deutschland weiterleben kann",
    ],
)
def test_everyday_questions_are_not_emergencies(net: SafetyNet, text: str) -> None:
    assert not net.check(text), net.explain(text)


def test_false_alarms_on_the_training_data_stay_rare(net: SafetyNet) -> None:
    """The measure for a keyword that is too general: everything people ask that is not danger."""
    checked, fired = Counter[str](), Counter[str]()
    for example in read_examples([PROJECT_ROOT / "nlu_data"], language_codes()):
        if example.intent in NOT_DANGER_TOPICS:
            continue
        checked[example.language or "?"] += 1
        if net.check(example.text):
            fired[example.language or "?"] += 1
    total, alarms = sum(checked.values()), sum(fired.values())
    assert total > 10_000
    assert alarms <= FALSE_ALARM_BUDGET * total, f"{alarms} of {total} set the net off: {dict(fired)}"


def test_folding_ignores_case_accents_and_letter_variants() -> None:
    assert fold("URGENȚĂ") == fold("urgenta")
    assert fold("کمک") == fold("كمك")
    assert fold("Straße") == "strasse"
    assert loose_latin(fold("самоубийство")) == loose_latin("samoubiystvo")
    assert fold("۱۱۰ ١١٢") == "110 112"  # Persian and Arabic digits


def test_an_unknown_category_in_the_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "keywords.yml"
    bad.write_text("violence_online:\n  de: [hass]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="violence_online"):
        SafetyNet.load(bad)
