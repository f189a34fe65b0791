"""URLs of monitoring, mounted at /monitoring/."""

from django.urls import path

from ketnap.monitoring.views import analysis, dashboard, national, reports

app_name = "monitoring"

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("national/", national.country, name="national"),
    path("national/<int:pk>/", national.subdivision, name="national_org"),
    path("<int:pk>/", dashboard.dashboard, name="dashboard"),
    path("<int:pk>/progress.xlsx", dashboard.dashboard_xlsx, name="dashboard_xlsx"),
    path("<int:pk>/warnings/", analysis.warnings, name="warnings"),
    path("<int:pk>/warnings/overdue/", analysis.overdue, name="overdue"),
    path("<int:pk>/statistics/", analysis.statistics_form, name="statistics"),
    path("<int:pk>/inspection/", analysis.inspection, name="inspection"),
    path("<int:pk>/evaluation/", analysis.evaluation, name="evaluation"),
    path("<int:pk>/rounds/", reports.rounds, name="rounds"),
    path("<int:pk>/rounds/new/", reports.round_create, name="round_create"),
    path("reports/", reports.reports, name="reports"),
    path("rounds/<int:pk>/", reports.round_detail, name="round"),
    path("rounds/<int:pk>/compile/", reports.round_compile, name="round_compile"),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/<int:pk>/return/", reports.report_return, name="report_return"),
    path("reports/<int:pk>/report.docx", reports.report_docx, name="report_docx"),
    path("reports/<int:pk>/report.xlsx", reports.report_xlsx, name="report_xlsx"),
]
