@control:ASVS-5.0-V7.2.4 @control:WSTG-SESS-03
Feature: Signing in always starts a new session
  An attacker who can set a cookie in the victim's browser (a shared computer, a sibling subdomain) plants
  a session id they know and waits for the victim to sign in. Signing in must issue a new session id, so
  the planted one is worthless.

  Scenario: A session id planted before sign-in is refused after sign-in
    Given an attacker has planted a session id in the user's client
    When the user signs in
    Then the planted session id is rejected by the server
