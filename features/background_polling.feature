@control:PCI-DSS-8.2.8 @control:ASVS-5.0-V7.3.1
Feature: A dashboard left open still idles out
  An open dashboard asks the server for notifications every minute by itself. That is the page working,
  not the user: a tab left open on an unattended screen must still end after 15 minutes.

  Background:
    Given the session policy:
      | idle timeout      | 15 minutes |
      | absolute lifetime | 8 hours    |

  Scenario: The background poll does not keep an unattended session alive
    Given a user signed in
    When the dashboard polls for notifications once a minute for 20 minutes
    Then the user must sign in again
    And the old session cookie is rejected by the server
