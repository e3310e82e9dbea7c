"""The campaign report as files: XLSX (a sheet per table), DOCX and PDF in the form of a Vietnamese
administrative report. All three are written from the same computed figures as the dashboard."""

from reports.exports.docx import docx_report
from reports.exports.pdf import pdf_report
from reports.exports.xlsx import xlsx_report

EXPORTERS = {"xlsx": xlsx_report, "docx": docx_report, "pdf": pdf_report}
