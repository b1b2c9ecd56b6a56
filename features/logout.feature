@control:ASVS-5.0-V7.4.1 @control:WSTG-SESS-06
Feature: Signing out ends the session on the server
  Signing out must destroy the session on the server, not only forget the cookie in the browser: a copy of
  the old cookie must be worthless, and the browser must not show signed-in pages after sign-out.

  Scenario Outline: After sign-out the old session cookie is rejected
    Given a user signed in
    When the user signs out
    Then the user must sign in again
    And the old session cookie is rejected by the server

    Examples: over the API
      | channel |
      | API     |

    @browser
    Examples: in the browser
      | channel |
      | browser |

  @browser
  Scenario: The back button after sign-out shows the sign-in page
    Given a user signed in through the browser
    When the user signs out
    And the user presses the back button
    Then the browser shows the sign-in page, not the dashboard

  @browser
  Scenario: Reloading after sign-out shows the sign-in page
    Given a user signed in through the browser
    When the user signs out
    And the user goes back
    And the user reloads the page
    Then the browser shows the sign-in page, not the dashboard
