from engaging.assurance.views.assessment import assessment, assessment_docx
from engaging.assurance.views.dashboard import dashboard
from engaging.assurance.views.evidence import evidence

__all__ = ["assessment", "assessment_docx", "dashboard", "evidence"]
