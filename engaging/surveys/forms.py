"""Forms for importing survey results, defining indicators, choosing an area and recording GP practices."""

from datetime import date

from django import forms

from engaging.accounts.models import Organisation
from engaging.accounts.roles import roles_for
from engaging.core.date_parts import DatePartsField
from engaging.lists.models import Area
from engaging.surveys.importing import find_survey
from engaging.surveys.models import Indicator, PatientParticipationGroup, Practice, Question, Survey


def surveys_user_may_import_into(user):
    roles = roles_for(user)
    files = Survey.objects.filter(questionnaire__isnull=True)  # a questionnaire's survey holds only its responses
    return files if roles.coordinator else files.filter(organisation__in=roles.officer_of)


def organisations_user_may_run_surveys_for(user):
    roles = roles_for(user)
    return Organisation.objects.all() if roles.coordinator else Organisation.objects.filter(pk__in=roles.officer_of)


class SurveyImportForm(forms.Form):
    survey = forms.ModelChoiceField(
        queryset=Survey.objects.none(),
        required=False,
        empty_label="A new survey",
        label="Survey",
        help_text="Add respondents to a survey already in the hub, or start a new one.",
    )
    name = forms.CharField(label="Name of the new survey", max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label="Organisation running the new survey",
        empty_label="Choose an organisation",
    )
    file = forms.FileField(
        label="File of results",
        help_text="A CSV UTF-8 (.csv) or Excel (.xlsx) file, one row per respondent.",
        error_messages={
            "required": "Choose a CSV or Excel file to import",
            "empty": "The file is empty",
            "invalid": "Choose a CSV or Excel file to import",
            "missing": "Choose a CSV or Excel file to import",
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = surveys_user_may_import_into(user)
        self.fields["organisation"].queryset = organisations_user_may_run_surveys_for(user)

    def clean(self):
        data = super().clean()
        if data.get("survey") is None and "survey" not in self.errors:
            name = " ".join((data.get("name") or "").split())
            if not name:
                self.add_error("name", "Enter the name of the new survey, or choose a survey to add to")
            elif find_survey(name) is not None:
                self.add_error("name", "A survey with this name is already in the hub: choose it from the list")
            if not data.get("organisation") and "organisation" not in self.errors:
                self.add_error("organisation", "Choose the organisation running the new survey")
        return data


class QuestionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, question) -> str:
        return f"{question.survey.name}: {question.text}"


class ChooseQuestionForm(forms.Form):
    question = QuestionChoiceField(
        queryset=Question.objects.none(),
        label="Question",
        empty_label="Choose a question",
        error_messages={"required": "Choose the question the indicator is about"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        roles = roles_for(user)
        questions = Question.objects.select_related("survey").order_by("survey__name", "position")
        if not roles.coordinator:
            questions = questions.filter(survey__organisation__in=roles.officer_of)
        self.fields["question"].queryset = questions


class IndicatorForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter a name for the indicator"})
    positive_answers = forms.MultipleChoiceField(
        label="Answers that count as positive",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one answer that counts as positive"},
    )
    excluded_answers = forms.MultipleChoiceField(
        label="Answers to leave out",
        help_text="For example “Don't know”. Blank answers are always left out.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    higher_is_better = forms.TypedChoiceField(
        label="Is a higher share better?",
        choices=[("yes", "Yes, higher is better"), ("no", "No, lower is better")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
        error_messages={"required": "Say whether a higher share is better"},
    )
    period = forms.ChoiceField(
        choices=Indicator.Period.choices, widget=forms.RadioSelect, initial=Indicator.Period.YEAR, label="Periods"
    )
    on_dashboard = forms.BooleanField(
        label="Show it to the board on the dashboard and in the Local Account", required=False
    )

    def __init__(self, *args, question: Question, may_choose_for_board: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(a.pk), a.text) for a in question.answers.all()]
        self.fields["positive_answers"].choices = choices
        self.fields["excluded_answers"].choices = choices
        if not may_choose_for_board:
            del self.fields["on_dashboard"]


class AreaForm(forms.Form):
    """Which area's values to show: the whole partnership when none is chosen."""

    area = forms.ModelChoiceField(queryset=None, required=False, empty_label="The whole partnership", label="Area")

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["area"].label_from_instance = lambda area: area.label


class PracticeForm(forms.Form):
    """A GP practice, as NHS Digital lists it, and its patient participation group as the practice reports it."""

    name = forms.CharField(
        label="Practice name", max_length=200, error_messages={"required": "Enter the practice's name"}
    )
    ods_code = forms.CharField(
        label="ODS code",
        max_length=10,
        help_text="The practice's code in NHS Digital's lists, for example M87001",
        error_messages={"required": "Enter the practice's ODS code"},
    )
    area = forms.ModelChoiceField(
        label="Area it serves",
        queryset=Area.objects.none(),
        required=False,
        empty_label="Not known",
        error_messages={"invalid_choice": "Choose an area from the list"},
    )
    primary_care_network = forms.CharField(label="Primary care network", max_length=200, required=False)
    list_size = forms.IntegerField(
        label="Registered patients",
        min_value=0,
        max_value=1_000_000,
        required=False,
        error_messages={
            "invalid": "Enter the number of registered patients as a whole number, like 8500",
            "min_value": "The number of registered patients cannot be below 0",
            "max_value": "Enter the number of registered patients as a number up to 1,000,000",
        },
    )
    postcode = forms.CharField(max_length=10, required=False)
    group_status = forms.ChoiceField(
        label="Patient participation group",
        choices=PatientParticipationGroup.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the patient participation group stands"},
    )
    last_met = DatePartsField(name="the date the group last met", label="Last met", required=False,
                              help_text="For example, 14 5 2026")  # fmt: skip
    members = forms.IntegerField(
        label="Members",
        min_value=0,
        max_value=100_000,
        required=False,
        error_messages={
            "invalid": "Enter the number of members as a whole number, like 12",
            "min_value": "The number of members cannot be below 0",
            "max_value": "Enter the number of members as a number up to 100,000",
        },
    )
    reviewed_on = DatePartsField(
        name="the date membership was last reviewed",
        label="Membership last reviewed for representativeness",
        required=False,
        help_text="When the practice last checked that its members reflect the patients it serves",
    )
    agreed_actions = forms.CharField(label="Actions agreed", widget=forms.Textarea(attrs={"rows": 4}),
                                     max_length=4000, required=False)  # fmt: skip

    def __init__(self, *args, practice=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = practice
        self.fields["area"].queryset = Area.objects.filter(archived_at__isnull=True).order_by("name")
        self.fields["area"].label_from_instance = lambda area: area.label

    def clean_ods_code(self):
        code = self.cleaned_data["ods_code"].strip().upper()
        if not code.isalnum():
            raise forms.ValidationError("An ODS code is letters and numbers only, like M87001")
        taken = Practice.objects.filter(ods_code=code)
        if self.practice is not None:
            taken = taken.exclude(pk=self.practice.pk)
        if taken.exists():
            raise forms.ValidationError(f"Another practice already has the ODS code {code}")
        return code

    def clean(self):
        cleaned = super().clean()
        today = date.today()
        for name in ("last_met", "reviewed_on"):
            day = cleaned.get(name)
            if day is not None and day > today:
                self.add_error(name, "The date cannot be in the future")
        return cleaned
