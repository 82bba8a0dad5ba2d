import Hummingbird

/// A query parameter the API refuses: 400 with `{"error", "parameter", "accepted"}`, naming
/// the parameter and, for a choice, every value it takes (the OpenAPI document's `Error`).
struct QueryProblem: Error, Sendable, Equatable {
    var parameter: String
    var message: String
    /// The values a choice takes; nil for a parameter of another type.
    var accepted: [String]?

    /// A value outside a fixed set; an empty one is called empty, not "".
    static func notOneOf(_ parameter: String, _ value: String, _ accepted: [String]) -> QueryProblem {
        let got = value.isEmpty ? "an empty value" : JSONResponse.quote(value)
        return QueryProblem(
            parameter: parameter, message: "\(parameter) must be one of \(accepted.joined(separator: ", ")), got \(got)", accepted: accepted
        )
    }

    var response: Response {
        var json = "{\"error\":\(JSONResponse.quote(message)),\"parameter\":\(JSONResponse.quote(parameter))"
        if let accepted { json += ",\"accepted\":[" + accepted.map(JSONResponse.quote).joined(separator: ",") + "]" }
        return JSONResponse.make(json + "}\n", status: .badRequest)
    }
}
