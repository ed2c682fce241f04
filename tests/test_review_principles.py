"""The intents the blind corpus sets taught, each in our own fresh wording (never a corpus
sentence): the rules alone name the intent, and the innocent use that looks like it passes.

Each case names the principle it stands for; a wording that only repeats the corpus would
not show that the rule generalises.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from test_review_intent import NONE, in_thank_you, rules

from bot.intent import detect, learned
from bot.intent.learned import Backstop
from bot.models import DraftKind
from bot.review import review_with


@pytest.mark.parametrize(("sentence", "category"), [
    # sarcasm through a barb at the person hired, or dressed as a wish
    ("I hope your new analyst realises what a bargain they got.", "tone"),
    ("I hope you're pleased with your pick.", "tone"),
    # a cynical motive pinned on them
    ("Evidently you were after somebody who never pushes back.", "tone"),
    # a resigned "... not ... after all", one's own background written off
    ("So much for ten years of teaching, I'm not qualified after all.", "tone"),
    ("My background in retail clearly doesn't translate to your world.", "tone"),
    # an ironic euphemism, thanks for the rejection itself, a setback as "character building"
    ("The HR team was, to put it mildly, chaotic.", "tone"),
    ("Thanks so much for the rejection.", "tone"),
    ("Well, that was character-building.", "tone"),
    # what the writer would have been for them, and a pointed "you know it"
    ("I'd have made a superb addition to your team, and deep down you know it.", "tone"),
    # a reproach put as a wish about how they should have acted
    ("It would have been kind to be warned before the second round.", "tone"),
    ("I wish I'd been informed earlier.", "tone"),
    # the assessment called unfair, opened with "With respect,"
    ("With all due respect, the whiteboard round was hardly a fair measure of my coding.",
     "tone"),
    # self-deprecation dressed as humility; hurt told as lost confidence
    ("I appreciate there were candidates far more polished than me.", "tone"),
    ("The cold rejection has dented my confidence.", "tone"),
    ("Honestly, I expected better.", "tone"),
    # longing told as what the work was, a long-held ambition, the job behind a life choice
    ("Managing a volunteer archive was what I had yearned for since college.", "hoped"),
    ("Joining a lab like yours has long been an aspiration of mine.", "hoped"),
    ("Coaching at your academy was my ambition since I was a teenager.", "hoped"),
    ("Your studio is the reason I turned down a job in Leeds.", "hoped"),
    # living in the imagined job before the answer came
    ("I had foreseen a long future with your firm.", "hoped"),
    ("I'd bought new shoes in anticipation.", "hoped"),
    # excitement, in the past, about doing the job; a longing told with feeling; the job as
    # what kept the writer going
    ("I was thrilled to finally work with a studio like yours.", "hoped"),
    ("I had so dearly wished to be on your team.", "hoped"),
    ("The hope of starting with you carried me through exam season.", "hoped"),
    # why they decided, the decision named only by its verb; what clinched it
    ("Could you tell me why the committee decided the way it did?", "why"),
    ("Was the clincher my lack of agency experience?", "why"),
    # a meeting asked about as a possibility, at a place, or a good time to call
    ("Might it be possible to talk on Thursday?", "pressure"),
    ("Could we meet outside the station after your shift?", "pressure"),
    ("Is there a convenient time to call you this week?", "pressure"),
    # who will fill the place; how the writer measured up against the field
    ("May I ask who will fill the post?", "who-hired"),
    ("Do you know who is stepping into the job?", "who-hired"),
    ("I'd love to know how I fared against the other finalists.", "who-hired"),
    # read me again, let news change the outcome, reassess me, still available for it
    ("Would the panel look over my case study once more?", "reconsider"),
    ("I've since earned the PMP, in case that alters the picture.", "reconsider"),
    ("I'd welcome the chance to be re-evaluated.", "reconsider"),
    ("I remain available for this position.", "reconsider"),
])
def test_the_rules_name_the_intent_however_it_is_worded(sentence: str, category: str) -> None:
    assert category in {intent.category for intent in detect(sentence)}


@pytest.mark.parametrize("sentence", [
    # "deadline" naming a story, "me" the object of another verb, a change the writer made
    "The deadline story from your first launch was hilarious.",
    "That story about the team reopening the old warehouse made me smile.",
    "Our conversation has changed how I think about onboarding.",
    # measured against what one imagined: surprise, not longing
    "The lab was bigger than I had pictured.",
    # set on something they recommended; wishing one had been at their event
    "I had my heart set on trying the dumplings you recommended.",
    "I wish I had been able to catch your keynote.",
    "I would have loved to see the roof garden.",
    # an ambition to better oneself; preparations for their talk, not the job
    "Learning Rust has been an ambition of mine since school.",
    "I booked a ticket to the conference in anticipation of your talk.",
    "I was excited to meet the team.",
    "The demo was better than I expected.",
    # a choice of something else; "with respect to"; a view on interviewing they shared
    "I hope you're happy with your choice of venue for the offsite.",
    "With respect to your question on caching, I found a better answer later.",
    "I agreed with your point that a timed quiz is not a fair measure of a designer.",
    # a contest at the office; calling someone else; a public thing looked at again
    "Could you tell me who won the hackathon in the end?",
    "I will be calling my sister tonight to tell her about the tour.",
    "I'd love to look at the design system once more when it's public.",
    # other openings; a mess that belongs to a thing; people met, not the competition
    "I remain available for any other roles that come up.",
    "Sorry the car park was such a mess that morning.",
    "I met so many people far smarter than me, and loved it.",
    # their meeting in the past; a question about their technology
    "Thanks for meeting during your lunch break.",
    "I'd love to hear why you chose Kafka for the event bus.",
])
def test_the_innocent_reading_names_no_intent(sentence: str) -> None:
    assert detect(sentence) == ()


def test_a_rhetorical_question_of_thanks_asks_nothing_of_them() -> None:
    assert rules(in_thank_you("Where else would I have seen a robot sort parcels?")) == set()


@dataclass(frozen=True)
class Recording(Backstop):
    """The shipped model's stand-in that records what the review asks it to read."""

    asked: list[str] = field(default_factory=list)

    def probabilities(self, sentence: str) -> dict[str, float]:
        self.asked.append(sentence)
        return {"ok": 1.0}


def test_a_title_before_a_name_ends_no_clause() -> None:
    sentence = "Please pass my thanks to Dr. Mensah as well."
    recording = Recording(learned.shipped().model)
    review_with(in_thank_you(sentence), kind=DraftKind.THANK_YOU, context=NONE,
                backstop=recording)
    assert sentence in recording.asked
    assert "Mensah as well." not in recording.asked
