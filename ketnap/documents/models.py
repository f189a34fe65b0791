"""An organisation's own variant of a document template (issue 13, point 1).

Why a row per upload and not a file on disk: a variant is versioned (every generated
document names the version that produced it, so an old printout can be traced), a
revert only deactivates (the history stays), and the bytes travel with the database
backup like the rest of the organisation's data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ketnap.orgs.models import Organization


class TemplateVariant(models.Model):
    """One uploaded .docx template of a document kind for one organisation."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="template_variants", verbose_name="tổ chức"
    )
    kind = models.CharField("loại văn bản", max_length=40)
    number = models.PositiveIntegerField("phiên bản")
    content = models.BinaryField("tệp mẫu")
    filename = models.CharField("tên tệp", max_length=200, blank=True)
    fields = models.JSONField("các trường dùng", default=list)
    active = models.BooleanField("đang dùng", default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "mẫu văn bản riêng"
        verbose_name_plural = "mẫu văn bản riêng"
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind", "number"], name="template_variant_number"),
            models.UniqueConstraint(
                fields=["organization", "kind"], condition=models.Q(active=True), name="one_active_template_variant"
            ),
        ]

    def __str__(self) -> str:
        return self.version

    @property
    def version(self) -> str:
        """ "ke-hoach@org12.v3": the kind, the organisation, the upload's number."""
        return f"{self.kind}@org{self.organization_id}.v{self.number}"

    def audit_organization(self) -> Organization:
        return self.organization
