"""Forms for importing survey results, defining indicators and choosing an area."""

from django import forms

from engaging.accounts.models import Organisation
from engaging.accounts.roles import roles_for
from engaging.surveys.importing import find_survey
from engaging.surveys.models import Indicator, Question, Survey


def surveys_user_may_import_into(user):
    roles = roles_for(user)
    return Survey.objects.all() if roles.coordinator else Survey.objects.filter(organisation__in=roles.officer_of)


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
