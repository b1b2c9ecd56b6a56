@control:ASVS-5.0-V7.3.1 @control:ASVS-5.0-V7.3.2
Feature: The timeouts the app enforces are the documented ones
  A written policy is only worth what the server enforces. Lapse measures the effective limits: it signs
  in afresh for every probe, moves the app's clock and bisects to within a second where sessions end.

  Background:
    Given the session policy:
      | idle timeout      | 15 minutes |
      | absolute lifetime | 8 hours    |

  @control:ASVS-5.0-V7.3.1
  Scenario: The real idle timeout is the written one
    Then the measured idle timeout is 15 minutes within 5 seconds

  @absolute @control:ASVS-5.0-V7.3.2
  Scenario: The real absolute lifetime is the written one
    Then the measured absolute lifetime is 8 hours within 1 minute
