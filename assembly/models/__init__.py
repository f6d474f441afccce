from .records import Action, SessionRecord
from .votes import Ballot, BallotChoice, Poll, Proposal, SlipRange

__all__ = [
    "Action",
    "Ballot",
    "BallotChoice",
    "Poll",
    "Proposal",
    "SessionRecord",
    "SlipRange",
]
