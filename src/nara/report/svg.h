// The board report's charts as inline SVG: a line chart of months (value, target,
// previous year) and a horizontal bar ranking of units. Each series has its own line
// style (solid with markers, dashed, dotted) as well as its own colour, so a chart
// printed in black and white still reads. Numbers on the axes are written in the
// reader's language (base/messages.h FormatNumber). Pure functions: text in, text out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "nara/base/messages.h"

namespace nara::report {

// `text` with &, <, >, " and ' escaped, for HTML and SVG text and attributes.
std::string Escape(std::string_view text);

enum class LineStyle : uint8_t { kSolid, kDashed, kDotted };

struct Series {
  std::string label;
  std::vector<double> values;  // one per x label; NaN leaves a gap
  LineStyle style = LineStyle::kSolid;
  bool markers = false;        // a marker on every point (the value series)
  bool stepped = false;        // a target: horizontal steps between months
};

struct LineChart {
  std::string title;                  // the chart's accessible name (<title>)
  std::vector<std::string> x_labels;  // e.g. "2024-01"; every third is drawn
  std::vector<Series> series;
  std::string suffix;                 // after the axis numbers: " %", " min", ""
  Lang lang = Lang::kSv;
};

// An <svg class="chart line"> of the series; an axis from the values' range (zero
// included for counts that start near it), with a legend drawing each line's style.
std::string RenderLineChart(const LineChart& chart);

struct Bar {
  std::string id;          // data-unit attribute
  std::string label;       // the unit's name
  double value = 0;        // NaN: no bar (suppressed, no data), only `value_text`
  std::string value_text;  // what is written after the bar: the value or the status
  std::string status;      // data-status attribute (follow::StatusName)
};

struct BarChart {
  std::string title;
  std::vector<Bar> bars;   // drawn in the given order
  double mark = 0;         // NaN: no mark
  std::string mark_label;  // the marked value's unit and value ("Närsjukvården Halland 93,1 %")
  Lang lang = Lang::kSv;
};

// An <svg class="chart ranking">: one labelled bar per unit, the mark as a dashed
// vertical line across them.
std::string RenderBarChart(const BarChart& chart);

// A step for about `ticks` axis divisions of [lo, hi]: 1, 2 or 5 × 10^k.
double NiceStep(double lo, double hi, int ticks);

}  // namespace nara::report
