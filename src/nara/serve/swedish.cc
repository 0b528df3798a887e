#include "nara/serve/swedish.h"

#include <regex>
#include <utility>
#include <vector>

namespace nara::serve {
namespace {

struct Pattern {
  std::regex english;
  std::string swedish;  // $1, $2, … stand for the groups
};

// Whole messages, as the CSV reader, the schema checks and the store word them.
const std::vector<Pattern>& Patterns() {
  static const std::vector<Pattern> kPatterns = [] {
    const std::pair<const char*, const char*> table[] = {
        {R"(the value looks like a personal identity number \(personnummer\); extracts may hold pseudonyms only)",
         "värdet ser ut som ett personnummer; extrakt får bara innehålla pseudonymer"},
        {R"(expected a date-time YYYY-MM-DD HH:MM\[:SS\], found '(.*)')",
         "väntade datum och tid ÅÅÅÅ-MM-DD TT:MM[:SS], fann '$1'"},
        {R"(expected a date YYYY-MM-DD, found '(.*)')", "väntade ett datum ÅÅÅÅ-MM-DD, fann '$1'"},
        {R"(expected a month YYYY-MM, found '(.*)')", "väntade en månad ÅÅÅÅ-MM, fann '$1'"},
        {R"(expected (\d+) fields, found (\d+) \(the header uses '(.)' as delimiter\))",
         "väntade $1 fält, fann $2 (rubrikraden har '$3' som avgränsare)"},
        {R"(expected a number \(decimal comma or point\), found '(.*)')",
         "väntade ett tal (decimalkomma eller decimalpunkt), fann '$1'"},
        {R"(expected a number, found '(.*)')", "väntade ett tal, fann '$1'"},
        {R"(expected a whole number, found '(.*)')", "väntade ett heltal, fann '$1'"},
        {R"(expected ja/nej, true/false, yes/no or 1/0, found '(.*)')",
         "väntade ja/nej, true/false, yes/no eller 1/0, fann '$1'"},
        {R"(duplicate key \((.*)\), first seen on line (\d+))", "dubbel nyckel ($1), först på rad $2"},
        {R"(duplicate key \((.*)\), already stored in batch (\d+) \((.*), line (\d+)\))",
         "dubbel nyckel ($1), redan lagrad i batch $2 ($3, rad $4)"},
        {R"(nothing was stored; if this file replaces batch (\d+), import it with --supersede (\d+))",
         "ingenting lagrades; ersätter filen batch $1, ange $2 under ”Ersätter batch”"},
        {R"((.+) is below the minimum (.+))", "$1 är under minimum $2"},
        {R"((.+) is above the maximum (.+))", "$1 är över maximum $2"},
        {R"('(.*)' is not one of (.*))", "'$1' är inte något av $2"},
        {R"('(.*)' does not exist in Swedish local time \(the hour skipped when summer time begins\))",
         "'$1' finns inte i svensk tid (timmen som hoppas över när sommartiden börjar)"},
        {R"(no such time of day '(.*)')", "klockslaget finns inte: '$1'"},
        {R"(no such date '(.*)')", "datumet finns inte: '$1'"},
        {R"(no such month '(.*)')", "månaden finns inte: '$1'"},
        {R"(a value is required)", "ett värde krävs"},
        {R"(unknown unit '(.*)')", "okänd enhet '$1'"},
        {R"(unit '(.*)' is not valid on (\S+) \(valid from (\S+)\))",
         "enheten '$1' gäller inte $2 (gäller från $3)"},
        {R"(unit '(.*)' is not valid on (\S+) \(valid (.*)\))", "enheten '$1' gäller inte $2 (gäller $3)"},
        {R"(unit '(.*)' is not valid in (\d{4}) \(valid (.*)\))",
         "enheten '$1' gäller inte under $2 (gäller $3)"},
        {R"(a line ends with a carriage return alone; lines must end with LF or CRLF)",
         "en rad slutar med bara vagnretur (CR); rader ska sluta med LF eller CRLF"},
        {R"(a quote inside an unquoted field \(quote the whole field and double the quote\))",
         "ett citattecken i ett fält utan citattecken (citera hela fältet och dubblera citattecknet)"},
        {R"(unexpected character after a closing quote)", "oväntat tecken efter ett avslutande citattecken"},
        {R"(unterminated quoted field)", "ett citerat fält tar aldrig slut"},
        {R"(UTF-16 text \(the file starts with a UTF-16 byte order mark\); save it as UTF-8 or Windows-1252)",
         "UTF-16-text (filen börjar med en byteordningsmarkering för UTF-16); spara den som UTF-8 eller "
         "Windows-1252"},
        {R"(not valid UTF-8 although the file starts with a UTF-8 byte order mark)",
         "inte giltig UTF-8 fast filen börjar med en byteordningsmarkering för UTF-8"},
        {R"(not valid UTF-8, though line (\d+) holds UTF-8 text: the file mixes encodings \(save it as UTF-8\))",
         "inte giltig UTF-8, fast rad $1 har UTF-8-text: filen blandar teckenkodningar (spara den som "
         "UTF-8)"},
        {R"(a byte order mark inside the file \(were two files joined\?\))",
         "en byteordningsmarkering inne i filen (har två filer slagits ihop?)"},
        {R"(NUL byte in the file \(not a text file\?\))", "en NUL-byte i filen (inte en textfil?)"},
        {R"(empty file, expected a header row)", "tom fil, väntade en rubrikrad"},
        {R"(no data rows, only a header)", "inga datarader, bara en rubrikrad"},
        {R"(empty column name in the header)", "ett tomt kolumnnamn i rubrikraden"},
        {R"(missing column '(.*)' in the header)", "kolumnen '$1' saknas i rubrikraden"},
        {R"(column '(.*)' appears twice in the header)", "kolumnen '$1' står två gånger i rubrikraden"},
        {R"(the header mixes ',' and ';'; use one delimiter)",
         "rubrikraden blandar ',' och ';'; använd en avgränsare"},
        {R"(unknown column '(.*)' in (\w+) \(columns: (.*)\))", "okänd kolumn '$1' i $2 (kolumner: $3)"},
        {R"((.*): cannot tell the table from the file name; name the file after its table \((.*)\) or give --table)",
         "$1: tabellen framgår inte av filnamnet; döp filen efter sin tabell ($2)"},
    };
    std::vector<Pattern> out;
    for (const auto& [english, swedish] : table) out.push_back({std::regex(english), swedish});
    return out;
  }();
  return kPatterns;
}

}  // namespace

std::string SwedishProblem(std::string_view message) {
  std::string text(message);
  // "column 'x': …" is the schema's prefix to a value's problem.
  static const std::regex kColumn(R"(column '([^']*)': (.*))");
  std::smatch m;
  if (std::regex_match(text, m, kColumn)) return "kolumn '" + m[1].str() + "': " + SwedishProblem(m[2].str());
  for (const Pattern& p : Patterns()) {
    if (std::regex_match(text, m, p.english)) return m.format(p.swedish);
  }
  return text;
}

}  // namespace nara::serve
