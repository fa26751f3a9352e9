from django import forms

from engaging.accounts.models import Organisation
from engaging.lists.models import Area, Group, Method, Priority


class AreaParentField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class AreaForm(forms.ModelForm):
    parent = AreaParentField(queryset=Area.objects.all(), required=False, empty_label="None: this is a top-level area")

    class Meta:
        model = Area
        fields = ["name", "kind", "parent", "code"]
        error_messages = {
            "name": {"required": "Enter the area's name"},
            "kind": {"required": "Choose the kind of area"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # An area cannot sit inside itself or its own descendants.
            self.fields["parent"].queryset = Area.objects.exclude(path__startswith=self.instance.path)

    def clean(self):
        cleaned = super().clean()
        parent, kind = cleaned.get("parent"), cleaned.get("kind")
        order = [Area.Kind.BOROUGH, Area.Kind.LOCALITY, Area.Kind.WARD]
        if parent and kind and order.index(kind) <= order.index(parent.kind):
            self.add_error(
                "parent", f"A {Area.Kind(kind).label.lower()} cannot sit inside a {parent.get_kind_display().lower()}"
            )
        if kind and kind != Area.Kind.BOROUGH and not parent:
            self.add_error("parent", f"Choose the area this {Area.Kind(kind).label.lower()} is in")
        name = cleaned.get("name")
        if name and Area.everything.filter(parent=parent, name__iexact=name).exclude(pk=self.instance.pk).exists():
            self.add_error("name", "There is already an area with this name in the same place")
        return cleaned


def simple_form(model_class, extra_fields=()):
    class Form(forms.ModelForm):
        class Meta:
            model = model_class
            fields = ["name", *extra_fields, "description"]
            error_messages = {"name": {"required": "Enter a name", "unique": "That name is already on the list"}}
            widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    return Form


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address like https://example.org"},
    )

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "on_board", "website"]
        error_messages = {
            "name": {"required": "Enter the organisation's name", "unique": "That organisation is already on the list"},
            "kind": {"required": "Choose the kind of organisation"},
            "website": {"invalid": "Enter a web address like https://example.org"},
        }


KINDS = {
    "priorities": (Priority, simple_form(Priority), "Priorities", "priority"),
    "groups": (Group, simple_form(Group, ["category"]), "Groups", "group"),
    "areas": (Area, AreaForm, "Areas", "area"),
    "methods": (Method, simple_form(Method), "Methods", "method"),
    "organisations": (Organisation, OrganisationForm, "Organisations", "organisation"),
}
