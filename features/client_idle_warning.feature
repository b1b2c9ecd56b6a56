@browser @control:HIPAA-164.312(a)(2)(iii) @control:CIS-8-4.3
Feature: The page warns before the idle timeout and shows the sign-in screen at it
  A signed-in page left alone warns the user 2 minutes before the idle timeout, offers "Stay signed in" that
  really extends the session on the server, and shows the sign-in screen once the session is over. The
  server stays the authority on when a session ends: a page open in several tabs must not sign out a user
  who is working in another one, and a browser whose clock is wrong must neither warn late nor early.

  The pages run on virtual time: when the user is idle for 13 minutes, the page's own timers fire as they
  would have in 13 real minutes, with the server's clock moved in step.

  Background:
    Given the session policy:
      | idle timeout      | 15 minutes |
      | warning lead      | 2 minutes  |
      | absolute lifetime | 8 hours    |

  Scenario: The warning appears at 13 minutes, not at 12, and the sign-in screen at 15
    Given a user signed in
    When the user is idle for 12 minutes
    Then the page shows no warning
    When the user is idle for 1 minute
    Then the page warns "You will be signed out in 2 minutes"
    When the user is idle for 2 minutes
    Then the page shows the sign-in screen
    And the old session cookie is rejected by the server

  Scenario: "Stay signed in" extends the session on the server, not only on the page
    Given a user signed in
    When the user is idle for 13 minutes
    Then the page warns "You will be signed out in 2 minutes"
    When the user clicks "Stay signed in"
    Then the page shows no warning
    When the user is idle for 5 minutes
    Then the session is still alive on the server
    And the page still shows the dashboard

  Scenario: Working in one tab keeps the idle tab next to it signed in
    Sessions must not be dropped while active work is happening: the idle tab learns from the other tab or
    from the server that the user is still active.

    Given a user signed in
    When the user opens the dashboard in a second tab
    And the user works in the first tab every 5 minutes for 30 minutes
    Then the second tab still shows the dashboard
    And the user is still signed in

  Scenario Outline: A browser clock 5 minutes <off> the server's moves neither the warning nor the sign-out
    The server's clock decides. The page counts down the time the server says is left and never compares the
    server's expiry timestamp with the browser's clock, so the warning still comes 2 minutes before the
    server ends the session: not after it (a slow browser clock), not minutes early (a fast one).

    Given the browser's clock runs 5 minutes <off> the app server
    And a user signed in
    When the user is idle for 12 minutes
    Then the page shows no warning
    When the user is idle for 1 minute
    Then the page warns "You will be signed out in 2 minutes"
    When the user is idle for 2 minutes
    Then the page shows the sign-in screen

    Examples:
      | off      |
      | behind   |
      | ahead of |
