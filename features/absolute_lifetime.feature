@absolute @control:NIST-800-63B-AAL3 @control:ASVS-5.0-V7.3.2
Feature: Every session ends 8 hours after sign-in, however active the user is
  A stolen session must not live forever. Activity renews the idle timeout, but no amount of activity
  extends a session past 8 hours from sign-in.

  Background:
    Given the session policy:
      | idle timeout      | 15 minutes |
      | absolute lifetime | 8 hours    |

  Scenario Outline: Activity every <interval> still ends at the absolute lifetime
    Given a user signed in
    When the user works every <interval> for 7 hours 50 minutes
    Then the user is still signed in
    When the user works every <interval> for 10 minutes
    Then the user must sign in again
    And the old session cookie is rejected by the server

    Examples: over the API
      | interval  |
      | 5 minutes |

    # @slow: 47 page loads; the mutation matrix runs it against the correct app and no_absolute_cap only
    @browser @slow
    Examples: in the browser
      | interval   |
      | 10 minutes |
