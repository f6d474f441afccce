from .records import Action, SessionRecord
from .secretaries import GroupSecretary
from .votes import Ballot, BallotChoice, Poll, Proposal, SlipRange

__all__ = [
    "Action",
    "Ballot",
    "BallotChoice",
    "GroupSecretary",
    "Poll",
    "Proposal",
    "SessionRecord",
    "SlipRange",
]
