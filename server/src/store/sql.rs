//! Building a statement whose length depends on the data (`IN (…)` lists,
//! multi-row `VALUES`), with the API of sqlx's `QueryBuilder`. That builder
//! writes `?` for every bound value when the database is `Any`, which
//! PostgreSQL does not accept. This one numbers them in each database's own
//! way: `$1, $2, …` on PostgreSQL, `?1, ?2, …` on SQLite, where `$1` would be
//! a *named* parameter whose lookup makes preparing a statement of a few
//! thousand values quadratic (ingest ran at a fifth of its speed).

use std::fmt::{Display, Write};

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::{Query, QueryAs};
use sqlx::{Any, Arguments, Encode, FromRow, Type};

use super::Backend;

pub(super) struct Sql<'q> {
    text: String,
    args: AnyArguments<'q>,
    binds: usize,
    mark: char,
}

impl<'q> Sql<'q> {
    pub fn new(backend: Backend, init: impl Into<String>) -> Sql<'q> {
        Sql {
            text: init.into(),
            args: AnyArguments::default(),
            binds: 0,
            mark: match backend {
                Backend::Sqlite => '?',
                Backend::Postgres => '$',
            },
        }
    }

    pub fn push(&mut self, sql: impl Display) -> &mut Sql<'q> {
        write!(self.text, "{sql}").expect("writing to a String does not fail");
        self
    }

    pub fn push_bind<T>(&mut self, value: T) -> &mut Sql<'q>
    where
        T: 'q + Encode<'q, Any> + Type<Any>,
    {
        self.binds += 1;
        let (mark, n) = (self.mark, self.binds);
        self.push(format_args!("{mark}{n}"));
        self.args
            .add(value)
            .expect("the values bound here always encode");
        self
    }

    /// Values bound one after the other with `separator` between them.
    pub fn separated<'s>(&'s mut self, separator: &'static str) -> Separated<'s, 'q> {
        Separated {
            sql: self,
            separator,
            first: true,
        }
    }

    /// `VALUES (…), (…)`, one row per item, its values bound by `row`.
    pub fn push_values<I, F>(&mut self, items: I, mut row: F) -> &mut Sql<'q>
    where
        I: IntoIterator,
        F: FnMut(Separated<'_, 'q>, I::Item),
    {
        self.push("VALUES ");
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push("(");
            row(self.separated(", "), item);
            self.push(")");
        }
        self
    }

    pub fn build(&mut self) -> Query<'_, Any, AnyArguments<'_>> {
        sqlx::query_with(&self.text, std::mem::take(&mut self.args))
    }

    pub fn build_query_as<T>(&mut self) -> QueryAs<'_, Any, T, AnyArguments<'_>>
    where
        T: for<'r> FromRow<'r, AnyRow>,
    {
        sqlx::query_as_with(&self.text, std::mem::take(&mut self.args))
    }
}

pub(super) struct Separated<'s, 'q> {
    sql: &'s mut Sql<'q>,
    separator: &'static str,
    first: bool,
}

impl<'q> Separated<'_, 'q> {
    pub fn push_bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'q + Encode<'q, Any> + Type<Any>,
    {
        if !self.first {
            self.sql.push(self.separator);
        }
        self.first = false;
        self.sql.push_bind(value);
        self
    }
}
