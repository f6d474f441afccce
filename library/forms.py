from django import forms

from .models import LibraryIndexPage


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"accept": ".txt,.md,.markdown,.html,.htm,.epub,.yaml,.yml,.json"}
            ),
        )
        kwargs.setdefault("allow_empty_file", True)  # the import says why it is refused
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)]


class ImportForm(forms.Form):
    files = MultipleFileField(
        help_text="Plain text, Markdown or HTML files. Add a .yaml or .json file of the "
        "same name to give a text's title, authors, date, source, rights and topics."
    )
    library = forms.ModelChoiceField(
        queryset=LibraryIndexPage.objects.all(),
        empty_label=None,
        label="Into the library",
    )
    publish = forms.BooleanField(
        required=False, help_text="Publish at once instead of saving drafts for review."
    )
