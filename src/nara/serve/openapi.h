// The OpenAPI 3 description of nara's HTTP API, served at /api/openapi.json.
// api_test.cc checks that every path it lists answers and that every route answers
// only what it lists.
#pragma once

#include <string>

namespace nara::serve {

// The document as JSON text.
const std::string& OpenApiDocument();

}  // namespace nara::serve
