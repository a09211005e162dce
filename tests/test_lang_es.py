"""Spanish copy as it comes: promises of each construction family beside hard negatives, linted as
one paragraph (see tests/test_lang_it.py for how sentences are told apart)."""

from __future__ import annotations

from tests.test_lang_it import ABSOLUTE, DELIVERY, FEATURE, assert_reviewer_categories

# (sentence, categories it must get at warning or above); all written for this test.
PARAGRAPH = [
    ("Nuestro equipo de soporte atiende de lunes a sábado, de 8:00 a 20:00.", {DELIVERY}),
    ("El juzgado resolverá el recurso antes del 4 de febrero.", set()),
    ("Jamás revendemos los correos de nuestros suscriptores.", {ABSOLUTE}),
    ("Normalmente respondemos en un día hábil.", set()),
    ("La app para tabletas llega a finales de este año.", {FEATURE}),
    ("Recibirás un recibo en tu correo electrónico.", set()),
    ("Te garantizamos cada mes un uptime del 99,9 %.", {ABSOLUTE, DELIVERY}),
    ("Esta opción se eliminará en una versión futura.", set()),
    ("El antiguo portal de clientes se apagará el 30 de septiembre de 2027.", {DELIVERY}),
    ("Fundada en 2011, la empresa abrió su oficina de Valencia en 2015.", set()),
    ("Tenemos previsto añadir la firma electrónica.", {FEATURE}),
    ("Te enviamos el presupuesto en tres días hábiles.", {DELIVERY}),
    ("Algunas de las tarifas más bajas del país están en el norte.", set()),
    ("No garantizamos que la plataforma esté libre de errores.", set()),
    ("Aprende a crear una factura en cinco minutos con nuestra guía.", set()),
]


def test_each_sentence_gets_the_categories_a_reviewer_would_give() -> None:
    assert_reviewer_categories("es", PARAGRAPH)
