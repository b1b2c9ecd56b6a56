@control:ASVS-5.0-V9.2.1 @control:ASVS-5.0-V7.3.1
Feature: API tokens expire, and refresh tokens die with the session
  A single-page or mobile app holds a short-lived bearer access token and a refresh token. The access
  token works for 5 minutes from issue. The refresh token renews the session, but only while the session
  is alive: after 15 idle minutes it is refused, and each refresh token works only once.

  Background:
    Given the session policy:
      | idle timeout          | 15 minutes |
      | absolute lifetime     | 8 hours    |
      | access token lifetime | 5 minutes  |

  Scenario: An access token works within its lifetime
    Given a user signed in with API tokens
    When 4 minutes pass without activity
    Then the access token is accepted

  Scenario: An access token is refused after its lifetime
    Given a user signed in with API tokens
    When 6 minutes pass without activity
    Then the access token is refused

  @control:WSTG-SESS-07
  Scenario: The refresh token is refused after the session idled out
    Given a user signed in with API tokens
    When 16 minutes pass without activity
    Then the refresh token is refused

  Scenario: Refreshing keeps the token session alive
    Given a user signed in with API tokens
    When the user refreshes the tokens every 10 minutes for 1 hour
    Then the access token is accepted

  @control:ASVS-5.0-V10.4.5
  Scenario: A refresh token works only once
    Given a user signed in with API tokens
    When the user refreshes the tokens
    Then the refresh token already used is refused

  @control:ASVS-5.0-V7.4.1
  Scenario: Signing out of the API ends the access token at once
    Given a user signed in with API tokens
    When the user signs out
    Then the access token is refused
