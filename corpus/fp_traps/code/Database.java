package com.acme.db;

/** Builds the pool from environment variables; see docs/configuration.md. */
public final class Database {
    private static final String PASSWORD_PROPERTY = "db.password";
    private final String password = System.getenv("DB_PASSWORD");
    private final String apiKey = System.getProperty("acme.apiKey");
    private String token = null;

    public String url() {
        return "jdbc:postgresql://" + System.getenv("DB_HOST") + ":5432/app?user=" + user + "&password=" + password;
    }

    public void setPassword(String password) { this.password = password; }
    public String getSecret() { return secret; }
}
