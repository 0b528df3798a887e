// Internal to sim: the simulation of one unit, month by month, and the parts units
// share (the staff roster with its capacity and costs, the unit's economy).
//
// A UnitSim owns everything that changes over time for its unit (queues, backlogs,
// roster, patient panel) and draws from its own random sub-streams, so units can
// be simulated in parallel and still give the same rows. Rows go into an Output
// of per-table buffers that the caller writes to the files in a fixed order.
#pragma once

#include <array>
#include <memory>
#include <vector>

#include "nara/sim/csv_out.h"
#include "nara/sim/random.h"
#include "nara/sim/region.h"

namespace nara::sim {

enum TableId : int {
  kUnitsTable,
  kPopulationTable,
  kListingsTable,
  kPhoneCallsTable,
  kAssessmentsTable,
  kVisitsTable,
  kChatsTable,
  kBookingsTable,
  kDentalExamsTable,
  kOrthoCasesTable,
  kReferralsTable,
  kRecordReviewsTable,
  kVaccinationsTable,
  kStaffTable,
  kSurveysTable,
  kLedgerTable,
  kForecastsTable,
  kCariesRiskTable,  // contract v1.1
  kDentalChildrenTable,
  kClinicalTimeTable,
  kTableCount,
};

struct TableSpec {
  const char* name;    // file name without .csv
  const char* header;  // the header line, contract column names
};
extern const std::array<TableSpec, kTableCount> kTables;

struct Output {
  explicit Output(const DateText* dates) {
    for (RowBuffer& r : rows) r.set_dates(dates);
  }
  RowBuffer& operator[](TableId t) { return rows[static_cast<size_t>(t)]; }
  std::array<RowBuffer, kTableCount> rows;
  // Simulated events (SimStats::events): arrivals, services and departures without
  // service. Counted where the model makes them happen, not per row written.
  uint64_t events = 0;
};

enum class Profession : uint8_t {
  kDoctor,
  kNurse,
  kDistrictNurse,
  kDentist,
  kDentalHygienist,
  kDentalNurse,
  kMedicalSecretary,
  kPhysiotherapist,
  kPsychologist,
  kOther,
};
inline constexpr int kProfessions = 10;

// The unit's positions and the employees filling them. Each month: who is employed,
// sick hours, leavers (with reasons) and hires after a vacancy; vacant doctor and
// nurse positions are partly covered by agency staff. Staff rows are written for
// the region's own units only; private units keep a roster for their capacity.
class Workforce {
 public:
  // `positions[p]` = full-time positions of profession p (at the run's scale).
  Workforce(const Region& region, const UnitInfo& unit, const std::array<double, kProfessions>& positions,
            bool write);

  void RunMonth(Month month, Output* out);
  // Folktandvården's clinical time of the month RunMonth last ran (contract v1.1
  // clinical_time), one row per profession with time in the chair (dentists, dental
  // hygienists): the budgeted hours — the staff of January × the month's working
  // hours × the planned clinical share, less the expected sick leave — and the
  // clinical hours the month gave — the hours of those employed that month less their
  // sick hours (vacancies give none; agency cover does), less the supervision of new
  // hires (their first three months), less `lost_share` of the booked time lost to
  // no-shows and late cancellations. Both follow the summer's and Christmas' vacations.
  void WriteClinicalTime(Month month, double lost_share, Output* out) const;

  // This month: present FTE (less sick leave, plus agency cover) / planned FTE.
  double Availability() const { return availability_; }
  double ClinicalAvailability() const { return clinical_availability_; }
  double staff_cost() const { return staff_cost_; }
  double planned_staff_cost() const { return planned_staff_cost_; }
  double agency_doctor_cost() const { return agency_doctor_; }
  double agency_nurse_cost() const { return agency_nurse_; }
  double agency_other_cost() const { return agency_other_; }
  int headcount() const { return headcount_; }

 private:
  struct Position {
    Profession profession;
    double fte;
    bool filled = false;
    Month vacant_until = 0;  // when vacant: the month a new hire starts
    // The employee in the position.
    uint64_t serial = 0;
    bool permanent = true;
    bool female = true;
    int birth_year = 1980;
    Month hired = 0;
    Month contract_end = 0;  // temporary employees
    int long_sick_months = 0;
    double long_sick_share = 0;
  };
  void Hire(Position* p, Month month);
  // The parts of a month for one position, in the order they draw random numbers.
  // A vacancy: whether agency staff covered it (their cost counted), and for how
  // many full-time equivalents (0 when not covered or not coverable).
  double CoverVacancy(const Position& p, int year);
  // A filled position's hours of sick leave this month, out of `ordinary`.
  double SickHours(Position* p, double ordinary, Month month, Output* out);
  // Why the person leaves at the end of the month, or nullptr.
  const char* LeavingReason(const Position& p, int year, Month month, double monthly_turnover);
  void WriteStaffRow(const Position& p, Month month, double ordinary, double sick, const char* reason, Output* out);

  const Region& region_;
  const UnitInfo& unit_;
  bool write_;
  Rng rng_;
  std::vector<Position> positions_;
  uint64_t next_serial_ = 0;
  double availability_ = 1, clinical_availability_ = 1;
  double staff_cost_ = 0, planned_staff_cost_ = 0;
  double agency_doctor_ = 0, agency_nurse_ = 0, agency_other_ = 0;
  int headcount_ = 0;
  // Clinical time, index 0 dentists, 1 dental hygienists: full-time equivalents
  // employed in January of the month's year, and the month's budgeted and clinical
  // hours (before no-shows).
  std::array<double, 2> january_fte_{}, budgeted_hours_{}, clinical_hours_{};
};

// What a unit reports to its economy for a month.
struct MonthActivity {
  double care_points = 0;  // health centres: listed care points (incl. branches)
  double care_points_budget = 0;
  double fees = 0;  // patient fees, kr
  double fees_budget = 0;
  double children_capitation = 0;  // dental: the month's children's capitation (children_capitation.h)
};

// Ledger rows (budget and actual) and full-year forecasts of a result unit.
class Economy {
 public:
  Economy(const Region& region, const UnitInfo& unit, bool appropriation_funded);
  void RunMonth(Month month, const MonthActivity& activity, const Workforce& staff, Output* out);

 private:
  const Region& region_;
  const UnitInfo& unit_;
  bool appropriation_;
  Rng rng_;
  double actual_ytd_ = 0, budget_ytd_ = 0;
  std::array<double, 12> budget_result_{};
};

class UnitSim {
 public:
  virtual ~UnitSim() = default;
  // Simulates the days of `month` (the run's months in order) into `out`.
  virtual void RunMonth(Month month, Output* out) = 0;
  // After the last month: rows still pending (not yet assessed, performed, started).
  virtual void Finish(Output* out) = 0;
};

// The simulation of region.units[unit]; nullptr for units without rows of their own.
std::unique_ptr<UnitSim> MakeUnitSim(const Region& region, int unit);
std::unique_ptr<UnitSim> MakeDentalSim(const Region& region, const UnitInfo& unit);
std::unique_ptr<UnitSim> MakeOrthoSim(const Region& region, const UnitInfo& unit);

// Booking rows for an appointment on `day`: the booking itself (web, phone, desk or
// staff; web share growing by year), and now and then a cancellation or rebooking.
// Rows before the run's first day or the unit's opening are left out.
void WriteBookings(const Region& region, const UnitInfo& unit, Days day, bool dental, Rng* rng,
                   const std::string& prefix, int64_t* serial, Output* out);
// The first working day on or after `day`.
Days NextWorkingDay(Days day);
// A deterministic uniform number on [0, 1) for (key, day), and a fractional daily
// capacity rounded to whole slots with it: the right mean, whatever the order days are
// looked at in.
double DayUniform(uint64_t key, Days day);
int RoundCapacity(double x, uint64_t key, Days day);
// Survey rows of a year: hme, osa and hse for own units (staff surveys), npe_access
// and npe_overall for health centres (patient survey).
void WriteSurveys(const Region& region, const UnitInfo& unit, int year, int staff, int64_t listed,
                  bool staff_survey, bool patient_survey, Rng* rng, Output* out);
// A record-review row for an own unit's month.
void WriteRecordReview(const Region& region, const UnitInfo& unit, Month month, Rng* rng, Output* out);
// A standard normal draw rounded into a value on 0..100.
double Index100(Rng* rng, double mean, double sd);

// Working days in a month and in a year.
int WorkingDays(Month month);
int WorkingDaysInYear(int year);

}  // namespace nara::sim
