"""Dashboard: KPI cards for the month and two charts (daily sales vs settlement; fees by PG)."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from recon_app.domain.display import format_count
from recon_app.domain.reconcile import ReconSummary
from recon_app.gui.models.chart_data import ChartData
from recon_app.gui.widgets.kpi_card import KpiCard


class DashboardPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self.tr("Reconcile a month to see its figures."))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)

        self.cards: dict[str, KpiCard] = {
            "gross": KpiCard(self.tr("Gross sales")),
            "refunds": KpiCard(self.tr("Refunds")),
            "fees": KpiCard(self.tr("PG fees")),
            "fee_vat": KpiCard(self.tr("Fee VAT")),
            "settlement": KpiCard(self.tr("Expected settlement")),
            "exceptions": KpiCard(self.tr("Open exceptions"), money=False),
            "exception_amount": KpiCard(self.tr("Exception amount")),
        }
        grid = QGridLayout()
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, i // 4, i % 4)

        self.daily_chart = QChart()
        self.daily_chart.setTitle(self.tr("Daily sales vs expected settlement"))
        self.fee_chart = QChart()
        self.fee_chart.setTitle(self.tr("PG fees by PG and method"))
        self.daily_view = _chart_view(self.daily_chart, self.tr("Daily sales chart"))
        self.fee_view = _chart_view(self.fee_chart, self.tr("Fees chart"))
        charts = QHBoxLayout()
        charts.addWidget(self.daily_view, 3)
        charts.addWidget(self.fee_view, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        layout.addLayout(charts, 1)
        self.charts_data: ChartData | None = None
        self.apply_palette()

    # -- data -----------------------------------------------------------------------------
    def show_result(self, month: str, store: str, summary: ReconSummary, charts: ChartData) -> None:
        self.title.setText(self.tr("%1 · store %2").replace("%1", month).replace("%2", store))
        totals = summary.to_dict()  # the card keys are ReconSummary fields
        for key, card in self.cards.items():
            card.set_value(int(totals[key]))
        orders = summary.orders
        self.cards["gross"].sub_label.setText(
            self.tr("%1 orders").replace("%1", format_count(orders))
        )
        self.charts_data = charts
        self._fill_daily(charts)
        self._fill_fees(charts)

    def clear(self) -> None:
        for card in self.cards.values():
            card.set_value(None)
        self.daily_chart.removeAllSeries()
        self.fee_chart.removeAllSeries()
        self.charts_data = None

    def _fill_daily(self, data: ChartData) -> None:
        chart = self.daily_chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        sales = QBarSet(self.tr("Sales"))
        sales.append([float(v) for v in data.sales])
        bars = QBarSeries()
        bars.append(sales)
        line = QLineSeries()
        line.setName(self.tr("Expected settlement"))
        for i, v in enumerate(data.settlement):
            line.append(float(i), float(v))
        chart.addSeries(bars)
        chart.addSeries(line)
        x = QBarCategoryAxis()
        x.append([str(d) for d in data.days])
        x.setLabelsAngle(0)
        y = QValueAxis()
        top = max([*data.sales, *data.settlement, 1])
        y.setRange(0, top * 1.1)
        y.setLabelFormat("%.0f")
        y.applyNiceNumbers()
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for series in (bars, line):
            series.attachAxis(x)
            series.attachAxis(y)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)

    def _fill_fees(self, data: ChartData) -> None:
        chart = self.fee_chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        fee = QBarSet(self.tr("Fee"))
        fee.append([float(v) for v in data.fees])
        vat = QBarSet(self.tr("Fee VAT"))
        vat.append([float(v) for v in data.fee_vat])
        series = QHorizontalStackedBarSeries()
        series.append(fee)
        series.append(vat)
        chart.addSeries(series)
        y = QBarCategoryAxis()
        y.append(list(data.fee_groups) or ["-"])
        x = QValueAxis()
        x.setLabelFormat("%.0f")
        x.setRange(
            0, max([f + v for f, v in zip(data.fees, data.fee_vat, strict=True)] + [1]) * 1.1
        )
        x.applyNiceNumbers()
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x)
        series.attachAxis(y)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)

    # -- look -----------------------------------------------------------------------------
    def apply_palette(self) -> None:
        """Charts follow the window palette (light/dark)."""
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        theme = QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight
        for chart in (self.daily_chart, self.fee_chart):
            chart.setTheme(theme)
            chart.setBackgroundBrush(self.palette().color(QPalette.ColorRole.Base))
            chart.setTitleBrush(self.palette().color(QPalette.ColorRole.Text))
            chart.legend().setLabelColor(self.palette().color(QPalette.ColorRole.Text))
            chart.setMargins(QMargins(4, 4, 4, 4))
        if self.charts_data is not None:
            self._fill_daily(self.charts_data)
            self._fill_fees(self.charts_data)


def _chart_view(chart: QChart, name: str) -> QChartView:
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(260)
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    view.setAccessibleName(name)
    return view
