"""Reading an uploaded CSV file from an API request: a multipart field `file` or the raw body."""

from fastapi import Request

from teameval.errors import Invalid
from teameval.users.csv_import import MAX_UPLOAD_BYTES


async def read_csv_upload(request: Request) -> bytes:
    """The uploaded CSV (at most one byte over the limit, which the import service refuses)."""
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form(max_files=1)
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise Invalid("csv_empty")
        return await upload.read(MAX_UPLOAD_BYTES + 1)
    return await request.body()
