"""Normalise a sentence for the intent frames: one canonical spelling per word.

The frames in `bot.intent.frames` are written against this form only: lower case, accents
dropped, curly quotes straightened, contractions expanded ("didn't" -> "did not", "I'd" ->
"i d", since it may be "had" or "would"), a few common misspellings and chat shorthands
corrected, and every punctuation mark a token of its own, with exactly one space between
tokens. So "Why didn’t you pick me?!" becomes "why did not you pick me ? !".
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({
    "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"',
    "«": '"', "»": '"', "–": " - ", "—": " - ", "―": " - ", "…": " . ", "\u00a0": " ",
})
_IRREGULAR = {
    "won't": "will not", "can't": "can not", "shan't": "shall not", "ain't": "am not",
    "cannot": "can not", "let's": "let us", "gonna": "going to", "wanna": "want to",
    "gotta": "got to", "dont": "do not", "didnt": "did not", "doesnt": "does not",
    "wasnt": "was not", "werent": "were not", "isnt": "is not", "arent": "are not",
    "couldnt": "could not", "wouldnt": "would not", "shouldnt": "should not",
    "havent": "have not", "hasnt": "has not", "hadnt": "had not", "wont": "will not",
    "im": "i am", "ive": "i have", "youre": "you are", "youve": "you have", "pls": "please",
    "plz": "please", "u": "you", "ur": "your", "thx": "thanks", "cv": "resume",
    "résumé": "resume", "asap": "as soon as possible", "re-open": "reopen",
    "re-consider": "reconsider", "re-evaluate": "reevaluate", "re-assess": "reassess",
    "re-apply": "reapply", "re-do": "redo", "re-take": "retake", "re-think": "rethink",
    "phonecall": "phone call", "e-mail": "email", "cvs": "resumes",
}
_TYPOS = {
    "hugley": "hugely", "oportunity": "opportunity", "opportunty": "opportunity",
    "recieve": "receive", "recieved": "received", "wich": "which", "becuase": "because",
    "beacuse": "because", "decison": "decision", "desicion": "decision", "dicision": "decision",
    "feedbak": "feedback", "feeback": "feedback", "fedback": "feedback",
    "improvment": "improvement",
    "reconsidder": "reconsider", "recosider": "reconsider", "candiate": "candidate",
    "canditate": "candidate", "definately": "definitely", "dissapointed": "disappointed",
    "disapointed": "disappointed", "dissappointed": "disappointed", "choosen": "chosen",
    "selcted": "selected", "slected": "selected", "untill": "until", "wether": "whether",
    "apreciate": "appreciate", "appriciate": "appreciate", "interveiw": "interview",
    "intreview": "interview", "wasnt't": "was not", "coud": "could", "woud": "would",
    "teh": "the", "adn": "and", "waht": "what", "hte": "the", "realy": "really",
}
_SUFFIXES = (("n't", " not"), ("'m", " am"), ("'re", " are"), ("'ve", " have"),
             ("'ll", " will"), ("'d", " d"), ("'s", " s"))
_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*'?|[^\sa-z0-9'\"]")


def normalise(text: str) -> str:
    """The canonical form the frames match against (see the module docstring)."""
    folded = unicodedata.normalize("NFKD", text.translate(_QUOTES).casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    tokens: list[str] = []
    for raw in _WORD.findall(plain):
        tokens.extend(_expand(raw))
    return " ".join(tokens)


def _expand(token: str) -> list[str]:
    if token in _IRREGULAR:
        return _IRREGULAR[token].split()
    if token in _TYPOS:
        return [_TYPOS[token]]
    token = token.strip("'")
    if not token:
        return []
    for suffix, replacement in _SUFFIXES:
        if token.endswith(suffix) and len(token) > len(suffix):
            return [*_expand(token[: -len(suffix)]), *replacement.split()]
    return [token]
