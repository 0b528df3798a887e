// The texts nara shows its users, one catalogue per language (Swedish, English),
// keyed by a message id. Code that produces something a user reads — a status name,
// a target as it applies to a period, an error of the API — names a `Msg` and its
// arguments; the edge (CLI, API, web) renders it in the reader's language with
// `Say`. Numbers inside texts are formatted with `FormatNumber` in that language.
// No text is translated afterwards from another language.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace nara {

enum class Lang : uint8_t { kSv, kEn };

// "sv" or "en" (any case); false for anything else.
bool ParseLang(std::string_view text, Lang* out);
const char* LangCode(Lang lang);  // "sv", "en"

// Every message. Its text has placeholders {0}, {1}, … for the arguments, the same
// set in both languages (checked by messages_test).
enum class Msg : uint16_t {
  // Statuses (SPEC §6).
  kStatusMet,
  kStatusNear,
  kStatusNotMet,
  kStatusNoData,
  kStatusSuppressed,
  kStatusNoTarget,
  // Targets, as a rule of the plan ({0}: the change, e.g. "+10 %").
  kRuleChangeVsPreviousYear,     // "+10 % mot föregående år"
  kRuleChangeVsBaseline,         // {1}: the baseline period, "2023-12"
  kRuleChangeVsPreviousYearEnd,  // baseline = the previous year's last month
  kRuleChangeVsPreviousYearWhole,
  kRuleEachMonthAbovePreviousYear,
  kRuleWithinBudget,
  kRuleFollowOnly,
  kRuleNotSet,
  // Targets as applied to one period.
  kAppliedPerYear,         // {0} yearly figure, {1} applied figure, {2} period
  kAppliedChangeOn,        // {0} change, {1} reference period, {2} reference value
  kAppliedChangePerYear,   // {0} yearly change, {1} reference period, {2} value, {3} prorated change, {4} date
  kAppliedMonthsAbove,     // {0} months above, {1} months with data
  kAppliedReferenceMissing,  // {0} the period whose value is missing
  // Errors of the API's parameters.
  kErrParameterRequired,   // {0} parameter
  kErrBadYear,             // {0} text
  kErrYearOutside,         // {0} year, {1} first year, {2} last year
  kErrBadPeriod,           // {0} text
  kErrPeriodNotInYear,     // {0} period, {1} year
  kErrUnknownUnit,         // {0} id
  kErrUnknownIndicator,    // {0} id
  kErrIndicatorNotForUnit,  // {0} indicator, {1} unit
  kErrBadDate,             // {0} text
  kErrBadLang,             // {0} text
  kErrNoPlan,              // {0} year
  kErrBodyNotJsonObject,
  kErrFieldNotString,      // {0} field
  kErrSubjectKind,
  kErrUnknownGoal,         // {0} id
  kErrPeriodOutside,       // {0} period, {1} first year, {2} last year
  kErrGoalNotInPlan,       // {0} goal, {1} year, {2} the plan's year
  kErrTextTooLong,         // {0} bytes
  kErrAuthorTooLong,       // {0} bytes
  kErrUploadNoFile,
  kErrMultipart,           // {0} what is wrong
  kErrBadSupersede,        // {0} text
  kErrNoRoute,             // {0} method, {1} path
  kErrMethodNotAllowed,    // {0} method, {1} path, {2} the methods it answers
  kErrReadOnly,
  kErrInternal,            // {0} what went wrong
  kErrStoredNotRecomputed,  // {0} batch, {1} why
  kErrHostRequired,
  kErrHostNotServed,       // {0} the Host header
  kErrCrossOrigin,         // {0} the Origin (or Referer) header
  kErrContentType,         // {0} the type sent, {1} the type the route takes
  // Sign-in and who may do what (serve/auth.h).
  kErrUnauthenticated,
  kErrForbidden,           // {0} the role, {1} what was asked
  kErrForbiddenUnit,       // {0} the unit
  kErrCsrf,
  kErrLoginFailed,
  kErrLoginThrottled,      // {0} seconds to wait
  kErrTokenInvalid,
  kErrProxyUntrusted,      // {0} the header, {1} the client's address
  kErrProxyUnknownUser,    // {0} the header, {1} the name it gave
  kErrNoAccounts,
  kErrLoginFields,
  kErrBadNumber,           // {0} parameter, {1} text
  kErrUnknownSection,      // {0} the key, {1} the report's section keys
  kErrBadFormat,           // {0} text, {1} the formats
  kErrNoIssuedFile,        // {0} report, {1} file
  kErrTableShape,          // {0} field
  kErrTableTooLarge,       // {0} rows at most, {1} columns at most
  kErrFieldNotBool,        // {0} field
  kErrActionNotFound,      // {0} id
  kErrActionWhat,
  kErrAssessmentStatus,    // {0} text
  kErrJustificationRequired,  // {0} the computed status
  kErrUploadNoTable,       // {0} file name, {1} the contract's tables
  kErrUnknownTable,        // {0} text, {1} the contract's tables
  // The internal-control register (store/internal_control.h, serve/internal_control.h).
  kIcOutcomeDone,
  kIcOutcomeDeviation,
  kIcOutcomeNotDone,
  kIcFrequencyMonthly,
  kIcFrequencyTertial,
  kIcFrequencyYearly,
  kErrIcTextRequired,       // {0} the outcome
  kErrIcOutOfRange,         // {0} field, {1} value
  kErrIcFieldRequired,      // {0} field
  kErrIcFrequency,          // {0} value
  kErrIcOutcome,            // {0} value
  kErrIcPeriod,             // {0} period, {1} the register's periods
  kErrIcRiskNotFound,       // {0} id
  kErrIcControlNotFound,    // {0} id
  kErrIcRegisterExists,     // {0} year
  kErrIcCsvRefused,         // {0} count of problems
  kIcCsvTextRequired,       // {0} the outcome
  kIcCsvRiskDiffers,        // {0} risk, {1} the line it first stood on
  kReportIcRule,
  kReportIcRisk,
  kReportIcRiskValue,
  kReportIcOwner,
  kReportIcControl,
  kReportIcResponsible,
  kReportIcBoardPrioritised,
  kReportIcNoResult,
  kReportIcNoneShown,       // {0} risks in the register
  // Where a problem is (RenderProblem) and how many more there are.
  kWhereField,             // {0} column name, {1} field position
  kMoreProblems,           // {0} count
  // A CSV extract's problems (ingest::ReadTable), file and record level.
  kCsvUtf16,
  kCsvBadUtf8AfterBom,
  kCsvMixedEncodings,      // {0} a line holding UTF-8
  kCsvNulByte,
  kCsvBomInside,
  kCsvLoneCarriageReturn,
  kCsvEmptyFile,
  kCsvMixedDelimiters,
  kCsvEmptyColumnName,
  kCsvUnknownColumn,       // {0} name, {1} table, {2} the table's columns
  kCsvColumnTwice,         // {0} name
  kCsvMissingColumn,       // {0} name
  kCsvUnterminatedQuote,
  kCsvAfterClosingQuote,
  kCsvQuoteInUnquoted,
  kCsvFieldTooLong,
  kCsvFieldCount,          // {0} expected, {1} found, {2} delimiter
  kCsvNoRows,
  kCsvDuplicateKey,        // {0} key, {1} line first seen
  // A value's problems (in the field named by the problem).
  kValueRequired,
  kValuePersonnummer,
  kValueUnknownUnit,       // {0} value
  kValueBool,              // {0} value
  kValueNotOneOf,          // {0} value, {1} allowed values
  kValueWholeNumber,       // {0} value
  kValueBelowMinimum,      // {0} value, {1} minimum
  kValueAboveMaximum,      // {0} value, {1} maximum
  kValueNumber,            // {0} value
  kValueNumberDecimalComma,  // {0} value
  kValueNoSuchDate,        // {0} value
  kValueDate,              // {0} value
  kValueNoSuchMonth,       // {0} value
  kValueMonth,             // {0} value
  kValueNoSuchTime,        // {0} value
  kValueNonexistentLocalTime,  // {0} value
  kValueDateTime,          // {0} value
  kUnitNotValidOnFrom,     // {0} unit, {1} day, {2} valid from
  kUnitNotValidOnRange,    // {0} unit, {1} day, {2} valid from, {3} valid to
  kUnitNotValidInFrom,     // {0} unit, {1} year, {2} valid from
  kUnitNotValidInRange,    // {0} unit, {1} year, {2} valid from, {3} valid to
  // The store's checks of a file against what it holds.
  kStoreKeyStored,         // {0} key, {1} batch, {2} its file, {3} its line
  kStoreKeyInThisImport,   // {0} key, {1} line, {2} the other file
  kStoreMoreKeysStored,    // {0} count
  kStoreNothingStored,
  kStoreNothingStoredSupersede,  // {0} batches, {1} the batch to name
  // The trash: removed and superseded batches, restore and purge (store.h).
  kStoreNoBatch,             // {0} batch
  kStoreAlreadyRemoved,      // {0} batch, {1} when, {2} by whom
  kStoreAlreadySuperseded,   // {0} batch, {1} the batch that replaced it, {2} when
  kStoreSameAsTrashed,       // {0} batch, {1} when it left the data, {2} by whom
  kStoreNotInTrash,          // {0} batch
  kStoreRestoreSuperseder,   // {0} batch, {1} the active batch that replaced it
  kStoreRestoreKeyHeld,      // {0} key, {1} active batch, {2} its file
  kStoreRestoreMoreKeys,     // {0} count
  kStoreRestoreNothing,      // {0} batch, {1} the active batches holding its keys
  kStoreRestoreTree,         // {0} batch, {1} the rows the tree does not place (English)
  kStoreRestoreUnitsActive,  // {0} batch, {1} the active units batch
  kStorePurgeActive,         // {0} batch
  // The API's batch routes (remove, restore, purge, previews).
  kErrBadBatchId,            // {0} text
  kErrPurgeFields,
  kErrBadDryRun,             // {0} text
  kErrChangedNotRecomputed,  // {0} batch, {1} why
  // The configuration's problems (model::LoadConfig, check-config).
  kCfgHasProblems,         // heads the list when another command meets them
  kCfgStoredHint,          // ends it when the configuration is the database's
  kCfgFileNotFound,
  kCfgToml,                // {0} the TOML parser's description
  kCfgMissingKey,          // {0} key
  kCfgNotString,           // {0} key
  kCfgNotInteger,          // {0} key
  kCfgNotNumber,           // {0} key
  kCfgNotDate,             // {0} key
  kCfgNotStringArray,      // {0} key
  kCfgNotStringInArray,    // {0} key
  kCfgUnknownKey,          // {0} key
  kCfgMissingTables,       // {0} key
  kCfgNotTableArray,       // {0} key
  kCfgNotTableInArray,     // {0} key
  kCfgDuplicateId,         // {0} id
  kCfgPlanTwice,           // {0} year
  kCfgBadMeasure,
  kCfgAppliesToEmpty,
  kCfgAppliesToUnknown,    // {0} value
  kCfgUnknownDisplay,      // {0} value
  kCfgUnknownPerspective,  // {0} value
  kCfgBadBetter,
  kCfgMinN,
  kCfgTolerance,
  kCfgIndicatorTwice,      // {0} id, {1} line
  kCfgNotPlanYear,         // {0} key
  kCfgTargetNotString,
  kCfgTargetsNotTable,
  kCfgUnitTargetsYearNotTable,  // {0} year
  kCfgUnitTargetsNotTable,
  kCfgUnknownKind,         // {0} value
  kCfgBadOwnership,        // {0} value
  kCfgNeedsMunicipality,   // {0} unit
  kCfgLatitude,
  kCfgLongitude,
  kCfgGoalUnknownIndicator,        // {0} goal, {1} indicator
  kCfgAssignmentUnknownIndicator,  // {0} assignment, {1} indicator
  kCfgTargetUnknownUnit,   // {0} indicator, {1} unit
  kCfgExpression,          // {0} indicator, {1} value/numerator/denominator, {2} the expression's problem
  kExprProblem,            // {0} the expression parser's or compiler's text (English: the language's own words)
  // A target's text (model::ParseTarget); {0} is the target as written.
  kTargetNumberAfter,      // {0} target, {1} operator
  kTargetEmpty,            // {0} target
  kTargetChangeExample,    // {0} target
  kTargetBaselineExample,  // {0} target
  kTargetBadBaseline,      // {0} target, {1} baseline
  kTargetUnknown,          // {0} target
  // The organisation tree's problems (model::OrgTree::Build).
  kTreeNoId,
  kTreeValidToBeforeFrom,  // {0} unit, {1} valid_to, {2} valid_from
  kTreeOverlap,            // {0} unit, {1} where the other version is
  kTreeSecondRoot,         // {0} unit, {1} the root
  kTreeUnknownParent,      // {0} unit, {1} parent
  kTreeOwnParent,          // {0} unit
  kTreeParentNotValid,     // {0} unit, {1} parent, {2} day
  kTreeNoRoot,
  kTreeCycle,              // {0} unit, {1} day
  // The board report (report/): headings, labels and the texts of its sections.
  kReportTitle,
  kReportBoard,
  kReportAdministration,
  kReportPeriod,
  kReportGenerated,
  kReportDataVersion,
  kReportConfigVersion,
  kReportDataFromStore,    // {0} batches, {1} latest batch id, {2} when it was loaded
  kReportConfigFromStore,  // {0} version, {1} when it was stored
  kReportDataFromFolder,   // {0} the folder's name
  kReportConfigFromFolder, // {0} the folder's name
  kReportPageNumber,
  kReportPageOf,
  kReportContents,
  kReportGoals,
  kReportQuality,
  kReportInternalControl,
  kReportEconomy,
  kReportStaff,
  kReportPlanning,
  kReportSummary,
  kReportPerspectiveTargetGroup,
  kReportPerspectiveOperations,
  kReportPerspectiveStaff,
  kReportPerspectiveEconomy,
  kReportPlanOf,           // {0} the plan's title, {1} the board
  kReportNoPlan,           // {0} year
  kReportFocusArea,
  kReportGoal,
  kReportAssignment,
  kReportNoIndicators,
  kGoalCounts,       // {0} met, {1} counted, {2} not met
  kGoalNotCounted,   // {0} indicators without a judgement
  kGoalStatusRule,
  kReportNotForUnit,
  kReportIndicator,
  kReportValue,
  kReportTarget,
  kReportStatus,
  kReportPreviousYear,
  kReportUnitsBelow,
  kReportCounts,           // {0} met, {1} near, {2} not met, {3} shown
  kReportComment,
  kReportAssessed,
  // The capitation price build-up (nara economy price, model/prices.h).
  kPriceTitle,             // {0} year
  kPriceBase,
  kPriceSubtotal,
  kPriceRounding,
  kPriceResult,         // the responsible person's own status of a goal
  // The economy (nara economy, /api/economy…, follow/economy.h and whatif.h).
  kErrNoLedger,
  kErrNoPrice,             // {0} year
  kErrNoWhatIfModels,      // {0} year
  kErrEconomy,             // {0} what went wrong
  kEconTitle,              // {0} unit, {1} first month, {2} last month
  kEconUnit,
  kEconBudgetYear,
  kEconBudgetYtd,
  kEconActualYtd,
  kEconDeviationYtd,
  kEconForecast,
  kEconForecastDeviation,
  kEconCapitationTitle,    // {0} unit, {1} first month, {2} last month, {3} price
  kEconCarePoints,
  kEconComputed,
  kEconBooked,
  kEconDifference,
  kEconWhatIfTitle,        // {0} year, {1} base year
  kEconBaseResult,         // {0} base year
  kEconPrice,
  // The ledger's accounts, in follow::LedgerAccounts() order.
  kAccountRevenueCapitation,
  kAccountRevenueFees,
  kAccountRevenueAppropriation,
  kAccountRevenueOther,
  kAccountCostStaff,
  kAccountCostAgencyDoctor,
  kAccountCostAgencyNurse,
  kAccountCostAgencyOther,
  kAccountCostPurchasedCare,
  kAccountCostPremises,
  kAccountCostSupplies,
  kAccountCostOther,
  kReportNoComment,
  kReportChartMonths,      // {0} indicator, {1} first month, {2} last month
  kReportRanking,          // {0} unit, {1} period
  kReportNoUnitsBelow,     // {0} unit
  kReportDefinition,
  kReportInternalControlEmpty,
  kReportArea,
  kReportEconomyNote,
  kReportPopulation,       // {0} year
  kReportPopulationMissing, // {0} year
  kReportMunicipality,
  kReportTotal,
  kReportNoText,
  kReportMonth,
  kReportKeyIndicators,
  kReportUnit,
  // The geography of care (geo/, nara plan locate and coverage).
  kGeoPosition,
  kGeoMunicipality,
  kGeoRuralShare,
  kGeoNoRuralShare,        // {0} municipality
  kGeoLocalityPopulation,
  kGeoNoLocality,          // {0} municipality
  kGeoOutline,
  kGeoLocateTitle,         // {0} k, {1} what is added, {2} year, {3} the objective
  kGeoObjectiveDistance,
  kGeoObjectiveCoverage,   // {0} km
  kGeoAddHealthCentre,
  kGeoAddBranch,
  kGeoDistanceNote,        // {0} detour factor
  kGeoToHealthCentre,
  kGeoToCare,
  kGeoNewUnit,
  kGeoEasting,
  kGeoNorthing,
  kGeoLatitude,
  kGeoLongitude,
  kGeoLocality,
  kGeoMeanBefore,
  kGeoMeanAfter,
  kGeoWithinBefore,        // {0} km
  kGeoWithinAfter,         // {0} km
  kGeoCoverageTitle,       // {0} year
  kGeoNearest,
  kGeoGroup,
  kGeoGroupAll,
  kGeoGroupAged80,
  kGeoResidents,
  kGeoWithin,              // {0} km
  kGeoMean,
  kGeoLongest,
  // Planering (issue 17, serve/planning.h).
  kErrUnknownScenario,     // {0} id
  kErrPlanYears,           // {0} first {1} last
  kErrPlanRuns,            // {0} given
  kErrPlanScale,           // {0} given
  kErrUnknownPlanRun,      // {0} id
  kErrPlanRunFinished,     // {0} id
  kErrPlanRunNotDone,      // {0} id
  kErrPlanning,            // {0} what went wrong
  kBackcastPhone,
  kBackcastAssessment,
  kBackcastChats,
  kBackcastChatWait,
  kBackcastDentalChildren,
  kBackcastDentalAdults,
  kCount_
};

// The text of `id` in `lang`, {i} replaced by args[i].
std::string Say(Lang lang, Msg id, std::initializer_list<std::string_view> args = {});
std::string Say(Lang lang, Msg id, const std::vector<std::string>& args);

// A stable name of the message for programs ("unknown_unit", "status_met").
const char* MessageCode(Msg id);

// The message's text in `lang` before arguments are put in (for tests).
std::string_view MessageTemplate(Lang lang, Msg id);

// A number as a reader of `lang` writes it: Swedish "655 462" and "−0,02" (narrow
// no-break space between thousands, decimal comma, minus sign), English "655,462"
// and "-0.02". A value that rounds to zero has no sign. NaN gives "–".
std::string FormatNumber(double value, int decimals, Lang lang);

}  // namespace nara
