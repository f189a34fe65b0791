"""Official documents (.docx, .xlsx, .pdf) in the party's format; see apps.DocumentsConfig."""
