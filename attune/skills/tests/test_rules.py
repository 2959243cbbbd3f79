import pytest

from attune.skills import rules


def flags_in(text):
    return set(rules.rule_hits(text))


class TestJargon:
    def test_it_finds_terms_with_spans_and_plain_alternatives(self):
        text = "Her sats dipped overnight and the cranial ultrasound shows an IVH."
        found = rules.find_jargon(text)
        assert [text[h.start : h.end] for h, _ in found] == ["sats", "cranial ultrasound", "IVH"]
        assert found[2][1].plain == "a bleed in the brain"

    def test_exact_case_terms_do_not_match_ordinary_words(self):
        # "nec" and "pda" in lower case are not the abbreviations.
        assert not rules.find_jargon("The neck of the bottle")
        assert [t.term for _, t in rules.find_jargon("We're worried about NEC.")] == ["NEC"]

    def test_multi_word_terms_match_across_hyphens_and_spacing(self):
        assert rules.find_jargon("a section 47 enquiry")
        assert rules.find_jargon("it was a third degree tear")

    def test_a_broken_lexicon_is_reported_with_the_entry(self, tmp_path):
        bad = tmp_path / "jargon.yaml"
        bad.write_text("- {term: CPAP, plain: gentle air pressure}\n")
        with pytest.raises(rules.LexiconError, match="entry 1 needs term, plain and area"):
            rules.load_lexicon(bad)


@pytest.mark.parametrize(
    "text,flag",
    [
        ("I'm so sorry.", "apology"),
        ("I apologise for the wait this morning.", "apology"),
        ("I'm afraid I have some difficult news about the scan.", "warning_shot"),
        ("I wish I had better news for you.", "warning_shot"),
        ("Would it be okay if I told you what the scan showed?", "asks_permission"),
        ("How much detail would you like me to go into?", "asks_permission"),
        ("Would it be alright if I, um, went through what the scan showed?", "asks_permission"),
        ("Is it okay if we talk about what happens next?", "asks_permission"),
        ("What's your understanding of why he's on the ventilator?", "checks_understanding"),
        ("So I know I've explained it clearly, what will you tell your partner?", "checks_understanding"),
        ("Don't worry, everything will be fine.", "premature_reassurance"),
        ("She's a fighter, she'll pull through.", "premature_reassurance"),
        ("It's only a small bleed.", "minimising"),
        ("At least she's stable.", "minimising"),
        ("If you'd come in earlier this wouldn't have happened.", "blame"),
        ("You should have rung the unit as soon as the bleeding started.", "blame"),
        ("Frankly, you should have been aware of the risks by then.", "blame"),
        ("Well, he's had a good innings.", "minimising"),
        ("Don't worry, I'm sure he'll be fine.", "premature_reassurance"),
    ],
)
def test_phrase_rules_find_the_documented_examples(text, flag):
    assert flag in flags_in(text)


@pytest.mark.parametrize(
    "text,flag",
    [
        ("Sorry? I didn't catch that.", "apology"),
        ("Here is the latest update from the ward round.", "warning_shot"),
        ("Can you sign here for me?", "asks_permission"),
        # Permission to do something, not to tell or talk something through.
        ("Is it okay if I sit down?", "asks_permission"),
        ("Is it alright if we talk in the quiet room?", "asks_permission"),
        ("Would you like me to fetch you a cup of tea?", "asks_permission"),
        ("He's comfortable, and we're checking him every hour.", "premature_reassurance"),
        # Honest limits and hopes, not promises.
        ("I can't promise he'll be all right.", "premature_reassurance"),
        ("I don't know if he'll be okay, and I wish I could tell you more.", "premature_reassurance"),
        ("We hope it'll be fine, but we can't be sure yet.", "premature_reassurance"),
        ("Nothing you did caused this.", "blame"),
        ("It's completely okay to feel angry about this.", "premature_reassurance"),
        ("It's nothing you did; the infection was there before she was born.", "minimising"),
        ("Someone should have sat with you, or at least rung you.", "minimising"),
        # Owning a failure towards the person, and giving back or denying their own blame.
        ("You should have been told about the transfer before it happened.", "blame"),
        ("You keep lying awake thinking you should have spotted it sooner.", "blame"),
        ("I'm not saying it's your fault, I'm asking what we can change.", "blame"),
        ("It sounds like part of you feels it was your fault.", "blame"),
    ],
)
def test_phrase_rules_leave_the_near_misses_alone(text, flag):
    assert flag not in flags_in(text)


@pytest.mark.parametrize("text", ["Okay.", "Mm-hmm.", "Uh-huh.", "Yeah. Okay.", "Right, right.", "Mhm", "I see."])
def test_back_channel_alone_is_recognised(text):
    assert rules.only_acknowledges(text, "I asked them what to do and they said fill in some forms, but-")


@pytest.mark.parametrize(
    "text,prev",
    [
        ("Okay, great.", ""),
        ("Mm, that sounds hard.", "I've not slept since Tuesday."),
        ("Okay, so what happens next?", ""),
        # After a question, "Yes" answers it.
        ("Yes.", "Is she still on the breathing machine?"),
        ("m" * 200, ""),
    ],
)
def test_back_channel_leaves_anything_more_alone(text, prev):
    assert not rules.only_acknowledges(text, prev)
