"""Free-text answers to questionnaires, as comments other parts of the hub read (theme analysis, the library).

    from engaging.questionnaires.comments import free_text_answers

    for answer in free_text_answers().filter(response__submitted_on__gte=since):
        answer.text                                 # what the resident wrote (str, never empty)
        answer.submitted_on                         # the day it was given (a date; the response's)
        answer.response.questionnaire.activity      # the activity it was given about (also `answer.activity`)
        answer.question.text                        # the question it answers
        answer.response.channel                     # "online", "paper" or "phone"

Each row is one `engaging.questionnaires.models.Answer`. Filter by date with
`response__submitted_on`, by activity with `response__questionnaire__activity`, by questionnaire
with `response__questionnaire`. Nothing about the person who wrote it comes with it: answers are
anonymous, and "about you" answers and contact details are kept apart and are never part of a comment.
"""

from django.db.models import QuerySet

from engaging.questionnaires.models import Answer


def free_text_answers() -> QuerySet[Answer]:
    """Every free-text answer that says something, oldest first, with its question, questionnaire and activity."""
    return (
        Answer.objects.free_text()
        .select_related("question", "response__questionnaire__activity")
        .order_by("response__submitted_on", "pk")
    )
