#include "nara/report/svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace nara::report {
namespace {

// Coordinates with one decimal: enough for print, and stable text.
std::string F(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

int StepDecimals(double step) { return std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9))); }

const char* Dash(LineStyle style) {
  switch (style) {
    case LineStyle::kSolid: return "";
    case LineStyle::kDashed: return " stroke-dasharray=\"7 4\"";
    case LineStyle::kDotted: return " stroke-dasharray=\"2 3\"";
  }
  return "";
}

const char* Colour(LineStyle style) {
  switch (style) {
    case LineStyle::kSolid: return "#1f4e79";
    case LineStyle::kDashed: return "#6b6b6b";
    case LineStyle::kDotted: return "#a12b2b";
  }
  return "#000";
}

// At most `chars` characters of `text`, the cut marked with "…".
std::string Shortened(const std::string& text, size_t chars) {
  size_t count = 0, at = 0;
  for (; at < text.size(); ++at) {
    if ((static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) continue;
    if (count == chars - 1) break;
    ++count;
  }
  if (at >= text.size()) return text;
  size_t rest = 0;
  for (size_t i = at; i < text.size(); ++i) rest += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return rest <= 1 ? text : text.substr(0, at) + "…";
}

}  // namespace

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

double NiceStep(double lo, double hi, int ticks) {
  const double span = hi - lo;
  if (!(span > 0)) return 1;
  const double raw = span / std::max(1, ticks);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * magnitude >= raw) return m * magnitude;
  }
  return 10 * magnitude;
}

std::string RenderLineChart(const LineChart& chart) {
  constexpr double kWidth = 720, kHeight = 300, kLeft = 64, kRight = 30, kTop = 16, kBottom = 70;
  const size_t n = chart.x_labels.size();
  double lo = INFINITY, hi = -INFINITY;
  for (const Series& s : chart.series) {
    for (double v : s.values) {
      if (!std::isfinite(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  std::string svg = "<svg class=\"chart line\" role=\"img\" viewBox=\"0 0 " + F(kWidth) + " " + F(kHeight) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\"><title>" + Escape(chart.title) + "</title>";
  if (!std::isfinite(lo) || n == 0) {
    return svg + "<text x=\"" + F(kWidth / 2) + "\" y=\"" + F(kHeight / 2) +
           "\" text-anchor=\"middle\" class=\"empty\">–</text></svg>";
  }
  // Counts and shares that sit well above zero keep zero on the axis when it is near;
  // otherwise the axis hugs the values so a month's change is visible.
  if (lo > 0 && lo < 0.4 * hi) lo = 0;
  if (lo == hi) {
    const double pad = lo == 0 ? 1 : std::fabs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  // A little room below and above, so a line on a bound is not hidden by the axis.
  const double pad = (hi - lo) * 0.04;
  lo = lo == 0 ? 0 : lo - pad;
  hi += pad;
  const double step = NiceStep(lo, hi, 5);
  const double y0 = std::floor(lo / step) * step, y1 = std::ceil(hi / step) * step;
  const int decimals = StepDecimals(step);
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto x = [&](size_t i) { return kLeft + (n == 1 ? plot_w / 2 : plot_w * static_cast<double>(i) / static_cast<double>(n - 1)); };
  auto y = [&](double v) { return kTop + plot_h * (1 - (v - y0) / (y1 - y0)); };
  svg += "<g class=\"axis\" font-size=\"11\" fill=\"#222\">";
  for (double t = y0; t <= y1 + step / 2; t += step) {
    svg += "<line x1=\"" + F(kLeft) + "\" x2=\"" + F(kWidth - kRight) + "\" y1=\"" + F(y(t)) + "\" y2=\"" + F(y(t)) +
           "\" stroke=\"#ddd\"/><text x=\"" + F(kLeft - 6) + "\" y=\"" + F(y(t) + 4) + "\" text-anchor=\"end\">" +
           Escape(FormatNumber(t, decimals, chart.lang) + chart.suffix) + "</text>";
  }
  for (size_t i = 0; i < n; ++i) {
    if ((n - 1 - i) % 3 != 0) continue;  // the last month always, then every third back
    svg += "<line x1=\"" + F(x(i)) + "\" x2=\"" + F(x(i)) + "\" y1=\"" + F(kTop + plot_h) + "\" y2=\"" +
           F(kTop + plot_h + 4) + "\" stroke=\"#222\"/><text x=\"" + F(x(i)) + "\" y=\"" + F(kTop + plot_h + 16) +
           "\" text-anchor=\"middle\">" + Escape(chart.x_labels[i]) + "</text>";
  }
  svg += "<line x1=\"" + F(kLeft) + "\" x2=\"" + F(kWidth - kRight) + "\" y1=\"" + F(kTop + plot_h) + "\" y2=\"" +
         F(kTop + plot_h) + "\" stroke=\"#222\"/></g>";
  for (const Series& s : chart.series) {
    std::string path;
    bool pen_down = false;
    for (size_t i = 0; i < n && i < s.values.size(); ++i) {
      const double v = s.values[i];
      if (!std::isfinite(v)) {
        pen_down = false;
        continue;
      }
      if (s.stepped) {
        // A month's target covers the month: half a step either side of its point.
        const double half = n == 1 ? plot_w / 2 : plot_w / static_cast<double>(n - 1) / 2;
        const double from = std::max(kLeft, x(i) - half), to = std::min(kWidth - kRight, x(i) + half);
        path += (pen_down ? "L" : "M") + F(from) + " " + F(y(v)) + "L" + F(to) + " " + F(y(v));
      } else {
        path += (pen_down ? "L" : "M") + F(x(i)) + " " + F(y(v));
      }
      pen_down = true;
    }
    svg += "<path class=\"series\" fill=\"none\" stroke=\"" + std::string(Colour(s.style)) + "\" stroke-width=\"" +
           (s.style == LineStyle::kSolid ? "2.5" : "2") + "\"" + Dash(s.style) + " d=\"" + path + "\"><title>" +
           Escape(s.label) + "</title></path>";
    if (s.markers) {
      for (size_t i = 0; i < n && i < s.values.size(); ++i) {
        if (!std::isfinite(s.values[i])) continue;
        svg += "<circle cx=\"" + F(x(i)) + "\" cy=\"" + F(y(s.values[i])) + "\" r=\"3\" fill=\"" +
               Colour(s.style) + "\"/>";
      }
    }
  }
  // The legend: each series' line drawn as in the plot, then its name.
  double lx = kLeft;
  const double ly = kHeight - 18;
  svg += "<g class=\"legend\" font-size=\"12\" fill=\"#222\">";
  for (const Series& s : chart.series) {
    svg += "<line x1=\"" + F(lx) + "\" x2=\"" + F(lx + 34) + "\" y1=\"" + F(ly) + "\" y2=\"" + F(ly) +
           "\" stroke=\"" + Colour(s.style) + "\" stroke-width=\"2.5\"" + Dash(s.style) + "/>";
    if (s.markers) svg += "<circle cx=\"" + F(lx + 17) + "\" cy=\"" + F(ly) + "\" r=\"3\" fill=\"" + Colour(s.style) + "\"/>";
    svg += "<text x=\"" + F(lx + 40) + "\" y=\"" + F(ly + 4) + "\">" + Escape(s.label) + "</text>";
    lx += 60 + 6.5 * static_cast<double>(s.label.size());
  }
  svg += "</g></svg>";
  return svg;
}

std::string RenderBarChart(const BarChart& chart) {
  constexpr double kWidth = 720, kLabel = 250, kValue = 110, kRow = 15, kTop = 8, kBottom = 30;
  const double height = kTop + kRow * static_cast<double>(chart.bars.size()) + kBottom;
  double lo = 0, hi = 0;
  for (const Bar& b : chart.bars) {
    if (!std::isfinite(b.value)) continue;
    lo = std::min(lo, b.value);
    hi = std::max(hi, b.value);
  }
  if (std::isfinite(chart.mark)) {
    lo = std::min(lo, chart.mark);
    hi = std::max(hi, chart.mark);
  }
  if (lo == hi) hi = lo + 1;
  const double plot_w = kWidth - kLabel - kValue;
  auto x = [&](double v) { return kLabel + plot_w * (v - lo) / (hi - lo); };
  std::string svg = "<svg class=\"chart ranking\" role=\"img\" viewBox=\"0 0 " + F(kWidth) + " " + F(height) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\"><title>" + Escape(chart.title) +
                    "</title>";
  for (size_t i = 0; i < chart.bars.size(); ++i) {
    const Bar& b = chart.bars[i];
    const double top = kTop + kRow * static_cast<double>(i);
    svg += "<g class=\"bar\" data-unit=\"" + Escape(b.id) + "\" data-status=\"" + Escape(b.status) + "\">";
    svg += "<text x=\"" + F(kLabel - 6) + "\" y=\"" + F(top + kRow - 5) + "\" text-anchor=\"end\">" +
           Escape(Shortened(b.label, 40)) + "</text>";
    double end = kLabel;
    if (std::isfinite(b.value)) {
      const double a = x(std::min(0.0, b.value)), z = x(std::max(0.0, b.value));
      svg += "<rect x=\"" + F(a) + "\" y=\"" + F(top + 2) + "\" width=\"" + F(std::max(z - a, 0.5)) + "\" height=\"" +
             F(kRow - 4) + "\" fill=\"#9bb7d4\" stroke=\"#1f4e79\" stroke-width=\"0.8\"/>";
      end = std::max(z, x(0));
    }
    svg += "<text x=\"" + F(end + 5) + "\" y=\"" + F(top + kRow - 5) + "\">" + Escape(b.value_text) + "</text></g>";
  }
  const double bottom = kTop + kRow * static_cast<double>(chart.bars.size());
  if (lo < 0) {
    svg += "<line x1=\"" + F(x(0)) + "\" x2=\"" + F(x(0)) + "\" y1=\"" + F(kTop) + "\" y2=\"" + F(bottom) +
           "\" stroke=\"#222\"/>";
  }
  if (std::isfinite(chart.mark)) {
    svg += "<g class=\"mark\"><line x1=\"" + F(x(chart.mark)) + "\" x2=\"" + F(x(chart.mark)) + "\" y1=\"" +
           F(kTop - 4) + "\" y2=\"" + F(bottom + 4) +
           "\" stroke=\"#a12b2b\" stroke-width=\"2\" stroke-dasharray=\"7 4\"/><text x=\"" + F(x(chart.mark)) +
           "\" y=\"" + F(bottom + 18) + "\" text-anchor=\"middle\" fill=\"#a12b2b\">" + Escape(chart.mark_label) +
           "</text></g>";
  }
  svg += "</svg>";
  return svg;
}

}  // namespace nara::report
