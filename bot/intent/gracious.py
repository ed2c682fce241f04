"""Courtesy formulas: sentences whose point is to be gracious, which the model leaves alone.

The learned backstop reads words, and these formulas are made of the words of problems:
"I completely understand the decision" (why), "No pressure at all" (pressure), "Happy to stay
in touch" (reconsider), "You can reach me at ..." (a phone number: pressure). Writers of
every voice use them, so a sentence that is one of them is not sent to the model. The rules
still read it: "No pressure, but please reply by Friday" is caught by them.
"""

from __future__ import annotations

from bot.intent.lexicon import frame
from bot.intent.normalise import normalise

_FORMULAS = (
    # Accepting the outcome, or that some things can't be shared.
    frame(r"^(?:and |but )?i (?:\S+ )?(?:understand|respect|accept|appreciate)"
          r"(?: (?:completely|fully|entirely))?(?: (?:the|your) (?:decision|outcome|choice)"
          r"|(?: \S+)? if(?! i )|that (?:some|not|this|such|there|you may|you might|it may)"
          r"|(?: that)? (?:such|these|some) (?:things|matters|details))"),
    # Releasing them from any obligation.
    frame(r"no pressure|(?:do not|never) feel obliged|no obligation|no need to (?:reply"
          r"|respond|answer|write back)|(?:only )?if (?:it is|that is) not possible"
          r"|if (?:you are|it is) (?:not )?(?:able|allowed|possible)(?: to share)?(?= [.!,]|$)"),
    # Staying connected, plainly.
    frame(r"^(?:i d|i would|i am|would|i will|i ll)? ?(?:\S+ )?(?:be )?(?:happy|glad|pleased"
          r"|delighted|love|like) to (?:connect|stay in touch|keep in touch|stay connected"
          r"|keep up with your work|follow your work)(?: (?:here|with you|on linkedin|again"
          r"|too|as well))*(?= [.!]|$)"),
    # Giving contact details.
    frame(r"^(?:you can|you may|feel free to|please feel free to)? ?reach me (?:at|on|by)"
          r"|^i (?:can|may) be reached|^i am reachable|^my (?:email|e-mail|phone|mobile|number"
          r"|cell)(?: address)? is"),
)


_TURN = frame(r"\?|but|however|though|although|yet|still|except")


def is_courtesy(sentence: str) -> bool:
    """Whether `sentence` is one of the courtesy formulas (see the module docstring), with
    no question and no turn ("I understand the decision, but ...")."""
    text = normalise(sentence)
    return not _TURN.search(text) and any(p.search(text) for p in _FORMULAS)
