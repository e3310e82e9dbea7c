"""The base of every Wagtail admin viewset of ours: its forms refuse hidden characters (CleanTextMixin) and
its CSV/XLSX export (`list_export`) passes every cell through contest.spreadsheets.export_cell."""

from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from contest.forms_base import CleanTextAdminModelForm, CleanTextMixin
from contest.spreadsheets import export_cell


class SafeExportMixin:
    """For views built on Wagtail's SpreadsheetExportMixin."""

    def preprocess_field_value(self, field, value, export_format):
        return export_cell(super().preprocess_field_value(field, value, export_format))

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in super().generate_xlsx_row(worksheet, row_dict, date_format=date_format):
            if isinstance(cell.value, str):
                cell.data_type = "s"
            yield cell


class SafeIndexView(SafeExportMixin, IndexView):
    pass


class SafeSnippetViewSet(SnippetViewSet):
    index_view_class = SafeIndexView

    def get_edit_handler(self):
        edit_handler = super().get_edit_handler()
        if edit_handler is not None and not issubclass(
            edit_handler.base_form_class or getattr(self.model, "base_form_class", object), CleanTextMixin
        ):
            edit_handler.base_form_class = CleanTextAdminModelForm
        return edit_handler
