@control:WSTG-SESS-07 @control:ASVS-5.0-V7.2.1
Feature: Only the server decides when a session ends
  The app may tell the page when the session will expire (a readable cookie), so that the page can warn
  the user. The client can change anything it holds: a client that moves that expiry later must still be
  signed out when the server's own clock says so.

  Background:
    Given the session policy:
      | idle timeout      | 15 minutes |
      | absolute lifetime | 8 hours    |

  Scenario: A client that moves its session expiry later is still signed out after 15 idle minutes
    Given a user signed in
    When the client moves the session expiry it was given 1 hour later
    And the user is idle for 16 minutes
    Then the user must sign in again
    And the old session cookie is rejected by the server
