// The central chat and video service: chats arriving through the day, answered by
// nurses who each keep a few conversations going, on shifts planned from the
// expected load of each hour; chats not answered within the patient's patience are
// given up. Most answered chats become a visit row.
#include <algorithm>
#include <cmath>

#include "nara/sim/calendar.h"
#include "nara/sim/primary_care_internal.h"
#include "nara/sim/queue.h"

namespace nara::sim {
namespace {

// Chats arriving 07–22 by hour (morning and evening peaks).
constexpr double kChatHour[15] = {5, 9, 9, 8, 7, 6, 6, 6, 6, 6, 7, 8, 8, 7, 5};
const ChoiceTable kChatHourChoice(kChatHour);

class ChatSim : public UnitSim {
 public:
  ChatSim(const Region& r, const UnitInfo& u)
      : r_(r), u_(u), rng_(r.seed, "chat/" + u.id), misc_rng_(r.seed, "chatmisc/" + u.id) {
    const std::string n = std::to_string(u.index);
    chat_prefix_ = "H" + n + "-";
    visit_prefix_ = "V" + n + "-";
    std::array<double, kProfessions> positions{};
    positions[static_cast<int>(Profession::kNurse)] = std::max(1.0, std::floor(14 * r.scale + 0.5));
    positions[static_cast<int>(Profession::kDoctor)] = std::max(1.0, std::floor(3 * r.scale + 0.5));
    staff_ = std::make_unique<Workforce>(r, u, positions, u.own);
    if (u.own) economy_ = std::make_unique<Economy>(r, u, true);
  }

  void RunMonth(Month month, Output* out) override {
    const Days first = FirstDayOfMonth(month), last = LastDayOfMonth(month);
    if (!r_.ValidOn(u_, first)) return;
    const int year = YearOf(month);
    staff_->RunMonth(month, out);
    for (Days d = first; d <= last; ++d) {
      if (r_.ValidOn(u_, d)) Day(d, year, out);
    }
    if (u_.own) {
      WriteRecordReview(r_, u_, month, &misc_rng_, out);
      economy_->RunMonth(month, MonthActivity{}, *staff_, out);
      if (MonthOf(month) == 12)
        WriteSurveys(r_, u_, year, staff_->headcount(), 0, true, false, &misc_rng_, out);
    }
  }
  void Finish(Output*) override {}

 private:
  // Chats started per day of `year` relative to the year's total: growth through
  // 2022 (the service started that year), winter peaks, Mondays, evenings open.
  static double DayWeight(Days d) {
    const CivilDate c = Civil(d);
    static constexpr double kWeekday[7] = {1.3, 1.05, 1.0, 1.0, 0.95, 0.75, 0.85};
    double w = kWeekday[Weekday(d)] * (0.5 + 0.5 * SeasonFactor(c.month));
    if (c.year == 2022) w *= 0.55 + 0.09 * (c.month - 1);
    return w;
  }
  // Time a conversation holds one of a nurse's slots.
  double ServiceSeconds() const { return r_.cal.chat_service_s * kChatsPerNurse; }
  static constexpr double kChatsPerNurse = 3;

  double YearTotal(int year) const {
    const auto& y = r_.cal.chat_year;
    if (year <= 2022) return y[0];
    if (year == 2023) return y[1];
    double v = y[2];
    for (int i = 2024; i < year; ++i) v *= 1.08;
    return v;
  }
  double YearNorm(int year) {
    if (norm_year_ != year) {
      norm_year_ = year;
      norm_ = 0;
      for (Days d = DaysFromCivil(year, 1, 1); d <= DaysFromCivil(year, 12, 31); ++d) norm_ += DayWeight(d);
    }
    return norm_;
  }

  // A day of the service: the nurses' shifts, the chats that start, and each chat
  // in the order they start.
  void Day(Days d, int year, Output* out) {
    PlanShifts(d, year);
    DrawArrivals(d, year);
    for (WallTime t : arrivals_) HandleChat(t, out);
  }

  // The day's shifts as the agents of the queue. Staffing per hour is planned from
  // the expected arrivals of that hour (load in Erlangs × the staffing factor), less
  // vacations and absence.
  void PlanShifts(Days d, int year) {
    const double hour_total = kChatHourChoice.total();
    const double planned = YearTotal(year) * r_.scale * (DayWeight(d) / YearNorm(year));
    // The central service's staffing pool covers absences; summer is staffed thinner.
    const double avail = 1.0 - 0.5 * VacationShare(d);
    queue_.Clear();
    // A nurse keeps kChatsPerNurse conversations going at once; each is a server
    // slot. Slots per hour follow the hour's expected load. Slot i is one shift over
    // the consecutive hours that need more than i slots (a fractional need: that
    // part of the hour); shifts running to closing stay until the queue is empty.
    double slots[15];
    double most = 0;
    for (int h = 0; h < 15; ++h) {
      const double load = planned * kChatHour[h] / hour_total * ServiceSeconds() / 3600.0;
      slots[h] = std::max(1.0, r_.cal.ChatStaffing(r_.CalYear(year)) * load * avail *
                                   r_.CapacityFactor(Levers::Resource::kChat, u_, year));
      most = std::max(most, slots[h]);
    }
    const double closing = static_cast<double>(Wall(d, 23 * 3600 + 3599));
    for (int i = 0; i < static_cast<int>(std::ceil(most)); ++i) {
      double shift_start = -1;
      for (int h = 0; h < 15; ++h) {
        const double cover = std::clamp(slots[h] - i, 0.0, 1.0);
        const double hour_start = static_cast<double>(Wall(d, (7 + h) * 3600));
        if (cover >= 1.0) {
          if (shift_start < 0) shift_start = hour_start;
          continue;
        }
        if (cover > 0) {
          queue_.AddAgent(shift_start < 0 ? hour_start : shift_start, hour_start + cover * 3600.0);
        } else if (shift_start >= 0) {
          queue_.AddAgent(shift_start, hour_start);
        }
        shift_start = -1;
      }
      if (shift_start >= 0) queue_.AddAgent(shift_start, closing);
    }
  }

  // The chats started on day `d` into arrivals_, in time order.
  void DrawArrivals(Days d, int year) {
    const double expected = YearTotal(year) * r_.scale * DayWeight(d) / YearNorm(year) *
                            r_.DemandFactor(Levers::Resource::kChat, year);
    const int64_t n = rng_.Poisson(expected);
    arrivals_.clear();
    for (int64_t i = 0; i < n; ++i) {
      const int h = kChatHourChoice.Draw(&rng_);
      arrivals_.push_back(Wall(d, (7 + h) * 3600 + static_cast<int>(rng_.Below(3600))));
    }
    std::sort(arrivals_.begin(), arrivals_.end());
  }

  // A chat started at `t`: answered when a nurse's slot frees up within the
  // patient's patience (then most of the time a visit row too), or given up.
  void HandleChat(WallTime t, Output* out) {
    RowBuffer& rows = (*out)[kChatsTable];
    const bool video = rng_.Bernoulli(0.12);
    const double patience = rng_.Exponential(r_.cal.chat_patience_s);
    const double service = rng_.Exponential(ServiceSeconds());
    const double start = queue_.Serve(static_cast<double>(t), service, static_cast<double>(t) + patience);
    rows.Id(chat_prefix_, ++chat_serial_).Text(u_.id).DateTime(t);
    if (start >= AgentQueue::kNever) {
      rows.Null().Text(video ? "video" : "chat").DateTime(t + static_cast<WallTime>(patience)).End();
    } else {
      const WallTime reply = static_cast<WallTime>(std::floor(start));
      rows.DateTime(reply).Text(video ? "video" : "chat");
      if (rng_.Bernoulli(0.02)) {
        rows.Null();
      } else {
        rows.DateTime(reply + 60 + static_cast<WallTime>(rng_.Exponential(900)));
      }
      rows.End();
      if (rng_.Bernoulli(0.9)) {
        int age, sex;
        SampleAgeSex(r_.region_mix_2023.resident_cdf, &rng_, &age, &sex);
        if (age < 1) age = 1;
        WriteVisit(r_, u_, visit_prefix_, ++visit_serial_, DayOf(reply), video ? kVideo : kChat,
                   rng_.Bernoulli(0.85) ? 1 : 0, age, sex, &rng_, out);
      }
    }
    out->events += 2;  // arrival; reply or giving up
  }

  const Region& r_;
  const UnitInfo& u_;
  Rng rng_, misc_rng_;
  std::unique_ptr<Workforce> staff_;
  std::unique_ptr<Economy> economy_;
  std::string chat_prefix_, visit_prefix_;
  int64_t chat_serial_ = 0, visit_serial_ = 0;
  AgentQueue queue_;
  std::vector<WallTime> arrivals_;
  int norm_year_ = 0;
  double norm_ = 1;
};

}  // namespace

std::unique_ptr<UnitSim> MakeChatSim(const Region& region, const UnitInfo& unit) {
  return std::make_unique<ChatSim>(region, unit);
}

}  // namespace nara::sim
