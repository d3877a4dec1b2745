package io.day2ops.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** REST calls as a person of the test realm would make them: with that person's bearer token from the issuer. */
public final class Api {

    private Api() {}

    /** A request carrying the access token of {@code user} ({@code viewer}, {@code operator}, {@code admin}, ...). */
    public static RequestSpecification asUser(String user) {
        return RestAssured.given().auth().oauth2(SharedIssuer.token(user));
    }

    /** A request without any credentials. */
    public static RequestSpecification anonymous() {
        return RestAssured.given();
    }
}
