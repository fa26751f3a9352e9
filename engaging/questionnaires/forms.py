"""Forms for answering questionnaires (residents, and officers entering paper answers) and for building them."""

from django import forms

from engaging.evaluation.forms import EqualityMonitoringForm
from engaging.questionnaires import services
from engaging.questionnaires.models import MAX_TEXT_LIMIT, Question, Questionnaire, QuestionnaireResponse
from engaging.register.forms import DateInput
from engaging.register.models import DATE_LIMITS

YES_NO = [("yes", "Yes"), ("no", "No")]


class AnswerForm(forms.Form):
    """One field per question, named `question_<id>`, in the questionnaire's order.

    The answers' rules are the service's (`services.answer_problems`): the form asks it, so the page,
    the paper form and the API refuse the same answers with the same words.
    """

    # A trap for automated form fillers: hidden from people and from assistive technology.
    website = forms.CharField(label="Leave this empty", required=False, max_length=200)

    def __init__(self, *args, questions: list[Question], easy_read: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            text = (question.easy_read_text if easy_read else "") or question.text
            label = f"{number}. {text}" + ("" if question.required else " (optional)")
            name = services.question_field(question)
            if question.kind == Question.Kind.TEXT:
                self.fields[name] = forms.CharField(
                    label=label,
                    help_text=question.hint or f"Up to {question.max_length:,} characters.",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 5, "maxlength": question.max_length}),
                )
            elif question.kind == Question.Kind.MULTIPLE_CHOICE:
                self.fields[name] = forms.MultipleChoiceField(
                    label=label,
                    help_text=question.hint or "Choose all that apply.",
                    required=False,
                    choices=question.choices(),
                    widget=forms.CheckboxSelectMultiple,
                )
            else:
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    help_text=question.hint,
                    required=False,
                    choices=question.choices(),
                    widget=forms.RadioSelect,
                )
            # Let the service judge every value, so an option that is not offered gets its message too.
            self.fields[name].valid_value = lambda value: True

    def caught_a_robot(self) -> bool:
        return bool(str(self.data.get("website", "")).strip())

    def values(self) -> dict[int, object]:
        return {question.pk: self.cleaned_data.get(services.question_field(question)) for question in self.questions}

    def clean(self):
        cleaned = super().clean()
        values = {q.pk: cleaned.get(services.question_field(q)) for q in self.questions}
        self.answers, problems = services.answer_problems(self.questions, values)
        for field, message in problems.items():
            self.add_error(field, message)
        return cleaned

    def summary(self) -> list[tuple[Question, str, str]]:
        """(question, field name, the answer as words) for the check-your-answers page, in order."""
        given = {answer.question.pk: answer for answer in getattr(self, "answers", [])}
        rows = []
        for question in self.questions:
            answer = given.get(question.pk)
            if answer is None:
                words = "Not answered"
            elif answer.choices:
                words = ", ".join(answer.choices)
            elif answer.rating:
                words = f"{answer.rating} – {question.rating_labels[answer.rating - 1]}"
            else:
                words = answer.text
            rows.append((question, services.question_field(question), words))
        return rows


class AboutYouForm(EqualityMonitoringForm):
    """The optional "about you" questions: participant feedback's own, saved apart from the answers."""


class HearBackForm(forms.Form):
    """A resident may ask to hear what happened; only then are contact details asked for and kept."""

    hear_back = forms.ChoiceField(
        label="Do you want us to tell you what happened as a result? (optional)",
        help_text="We will only use your details for this, and delete them afterwards. "
        "Your answers stay anonymous: your details are kept apart from them.",
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose yes or no"},
    )
    name = forms.CharField(label="Your name (optional)", required=False, max_length=120)
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    phone = forms.CharField(
        label="Or a phone number", required=False, max_length=40, help_text="If you do not have an email address."
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("hear_back") == "yes":
            if not (cleaned.get("email") or (cleaned.get("phone") or "").strip()):
                self.add_error("email", "Enter an email address or a phone number so we can tell you what happened")
        return cleaned

    def contact(self) -> dict[str, str] | None:
        if self.cleaned_data.get("hear_back") != "yes":
            return None  # details typed without asking to hear back are not kept
        return {name: self.cleaned_data.get(name) or "" for name in ("name", "email", "phone")}


class ChannelForm(forms.Form):
    """How an officer received the answers they are typing in."""

    channel = forms.ChoiceField(
        label="How were these answers given?",
        choices=[c for c in QuestionnaireResponse.Channel.choices if c[0] != QuestionnaireResponse.Channel.ONLINE],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how these answers were given", "invalid_choice": "Choose paper or phone"},
    )


# Building ----------------------------------------------------------------------------------------------


class QuestionnaireForm(forms.ModelForm):
    closes_on = forms.DateField(
        label="Closing date",
        help_text="The last day residents can answer online.",
        widget=DateInput,
        validators=DATE_LIMITS,
        error_messages={"required": "Enter the closing date", "invalid": "Enter the closing date as a real date"},
    )
    results_by = forms.DateField(
        label="When will people hear what happened? (optional)",
        help_text="The date by which you will publish what you heard and what you did about it.",
        widget=DateInput,
        validators=DATE_LIMITS,
        required=False,
        error_messages={"invalid": "Enter the date people will hear what happened as a real date"},
    )

    class Meta:
        model = Questionnaire
        fields = [
            "title",
            "introduction",
            "closes_on",
            "what_happens_next",
            "results_by",
            "asks_about_you",
            "easy_read_introduction",
        ]
        labels = {
            "title": "Title",
            "introduction": "Introduction",
            "what_happens_next": "What happens next (optional)",
            "asks_about_you": "Ask the optional “about you” questions",
            "easy_read_introduction": "Easy Read introduction (optional)",
        }
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 5}),
            "what_happens_next": forms.Textarea(attrs={"rows": 3}),
            "easy_read_introduction": forms.Textarea(attrs={"rows": 5}),
        }
        error_messages = {
            "title": {"required": "Enter a title", "max_length": "The title must be 200 characters or fewer"},
            "introduction": {
                "required": "Enter an introduction",
                "max_length": "The introduction must be 4,000 characters or fewer",
            },
        }

    def clean(self):
        cleaned = super().clean()
        closes, results = cleaned.get("closes_on"), cleaned.get("results_by")
        if closes and results and results < closes:
            self.add_error("results_by", "The date people will hear what happened must be on or after the closing date")
        return cleaned

    def questionnaire_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of question",
        choices=Question.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of question", "invalid_choice": "Choose the type of question"},
    )
    text = forms.CharField(
        label="Question",
        max_length=500,
        error_messages={"required": "Enter the question", "max_length": "The question must be 500 characters or fewer"},
    )
    hint = forms.CharField(label="Hint (optional)", required=False, max_length=500)
    options = forms.CharField(
        label="Options",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For a choice: one option on each line. For a rating: the labels of 1 to 5, one on each line, "
        "or leave empty for “Very poor” to “Very good”.",
    )
    max_length = forms.IntegerField(
        label="Most characters in an answer",
        help_text="For free text only.",
        required=False,
        min_value=1,
        max_value=MAX_TEXT_LIMIT,
        error_messages={
            "invalid": "Enter the most characters as a whole number",
            "min_value": "Allow at least 1 character",
            "max_value": f"Allow no more than {MAX_TEXT_LIMIT:,} characters",
        },
    )
    required = forms.BooleanField(label="Residents must answer this question", required=False)
    easy_read_text = forms.CharField(
        label="The question in Easy Read (optional)",
        help_text="Short, everyday words. Shown on the Easy Read version.",
        required=False,
        max_length=500,
    )

    def clean(self):
        cleaned = super().clean()
        fields = self.question_fields()
        for field, message in services.question_problems(fields).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return cleaned

    def question_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["options"] = [line.strip() for line in (data.get("options") or "").splitlines() if line.strip()]
        if data.get("max_length") is None:
            data["max_length"] = 1000
        return {name: data.get(name) for name in services.QUESTION_FIELDS}

    @staticmethod
    def initial_for(question: Question) -> dict:
        return {
            "kind": question.kind,
            "text": question.text,
            "hint": question.hint,
            "options": "\n".join(question.options),
            "max_length": question.max_length,
            "required": question.required,
            "easy_read_text": question.easy_read_text,
        }


class FindingForm(forms.Form):
    statement = forms.CharField(
        label="What did people say?",
        help_text="In their words or a faithful summary. Do not include anything that could identify a person.",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what people said", "max_length": "Keep it to 4,000 characters or fewer"},
    )
