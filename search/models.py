from django.db import models


class SearchWord(models.Model):
    """A word of the PostgreSQL search index and how many indexed objects hold
    it: the vocabulary "did you mean" picks real words from.

    Kept up to date by the PostgreSQL backend's index writes
    (``search/backends/postgres.py``) and recounted after a full rebuild.
    Unused with the Whoosh backend, which has its own word lists.
    """

    word = models.CharField(max_length=40, primary_key=True)
    documents = models.IntegerField(default=0)

    class Meta:
        verbose_name = "search word"

    def __str__(self) -> str:
        return f"{self.word} ({self.documents})"
