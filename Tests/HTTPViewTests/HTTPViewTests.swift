import Testing
@testable import HTTPView
