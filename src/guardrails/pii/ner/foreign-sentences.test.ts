import { describe, expect, it } from 'vitest';
import { createPiiDetector } from '../create-pii-detector.js';

const detector = createPiiDetector();
const found = (text: string): string[] => detector.detect(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);

describe('names and addresses in sentences that are not English', () => {
  it('redacts nothing in ordinary requests whose greetings and nouns carry capitals', () => {
    // Each of these lost its greeting as a PERSON and most of a sentence as a LOCATION or street.
    expect(found('Hallo, kannst du mir helfen, eine Beschwerde an meine Bank zu schreiben? Die Überweisung ist nicht angekommen.')).toEqual([]);
    expect(found("Bonjour, pourriez-vous m'aider à rédiger une lettre de réclamation pour ma banque ? Merci beaucoup.")).toEqual([]);
    expect(found('Hola, ¿me puedes ayudar a escribir un correo para cancelar mi suscripción del gimnasio?')).toEqual([]);
    expect(found('Goedemorgen, kunt u mij helpen met het opzeggen van mijn abonnement? Alvast bedankt.')).toEqual([]);
    expect(found('Bitte fasse den folgenden Text zusammen: Die Konferenz findet nächste Woche im großen Saal statt.')).toEqual([]);
    expect(found('O que significa a mensagem de erro ao carregar o ficheiro no portal de clientes?')).toEqual([]);
  });

  it('reads a sentence as foreign by its words off the English lists, beside one function word', () => {
    // One listed function word each ("fünf", "ce", "di"…): the rest are words no English list has.
    expect(found('Fasse diesen Vertragsentwurf in fünf Stichpunkten zusammen.')).toEqual([]);
    expect(found('Explique simplement ce qu\'est l\'inflation.')).toEqual([]);
    expect(found('Onze klantenservice krijgt op maandag te veel vragen. Hoe verdelen we die beter?')).toEqual([]);
    expect(found('Stel een weekmenu samen met weinig vlees.')).toEqual([]);
    // Without a function word, unknown words alone do not make English text foreign.
    expect(found('Ask Hashimoto about thyroiditis and autoimmunity.')).toContain('PERSON:Hashimoto');
  });

  it('redacts no country and no feast named in a foreign sentence', () => {
    expect(found('Quels vaccins faut-il pour un voyage en Thaïlande ?')).toEqual([]);
    expect(found('Welke plekken zijn de moeite waard tijdens een rondreis door Italië?')).toEqual([]);
    expect(found('Quanto tempo demora normalmente uma encomenda a chegar a Espanha?')).toEqual([]);
    expect(found('Écris une courte invitation pour la fête de Noël de l\'équipe.')).toEqual([]);
    expect(found('Scrivi un breve invito per la festa di Natale del team.')).toEqual([]);
    // Towns stay, and a feast's name with a surname is a person.
    expect(found('Je pars demain à Marseille avec Noël Dupont.')).toEqual(expect.arrayContaining(['PERSON:Noël Dupont']));
    // English sentences keep their countries (presidio-synth labels them as places).
    expect(found('What vaccines do I need for a trip to Thailand?')).toEqual(['LOCATION:Thailand']);
  });

  it('keeps the value of a form\'s name field and the street before a postal code and its town', () => {
    // "Qiang" is on no first-name list: the field label is the evidence.
    expect(found('Nom : Qiang Xu\nDate de naissance : 08/03/1981')).toEqual(['PERSON:Qiang Xu', 'DATE_OF_BIRTH:08/03/1981']);
    expect(found('Nombre: Wei Zhang\nFecha de nacimiento: 01/02/1990')).toContain('PERSON:Wei Zhang');
    // The street was cut to "34200 Lille" once the form read as French.
    expect(found('Nom : Emeka Adeyemi\nAdresse : 19 place du Général de Gaulle, 34200 Lille\nTél : 07 88 91 98 67').filter((f) => /^STREET_ADDRESS:.*Général de Gaulle, 34200 Lille$/.test(f))).toHaveLength(1);
  });

  it('still finds the persons and street addresses in them', () => {
    expect(found('Sehr geehrte Damen und Herren, hiermit kündige ich meinen Vertrag. Mit freundlichen Grüßen, Thomas Müller, Hauptstraße 5, 10115 Berlin')).toEqual([
      'PERSON:Thomas Müller',
      'STREET_ADDRESS:Hauptstraße 5, 10115 Berlin',
    ]);
    expect(found('Hallo, hier ist Katrin Vogel. Bitte schicken Sie die Unterlagen an Lindenallee 14, 50968 Köln.')).toEqual(['PERSON:Katrin Vogel', 'STREET_ADDRESS:Lindenallee 14, 50968 Köln']);
    expect(found('Hola, soy Juan García y vivo en Calle Mayor 12, Madrid.')).toEqual(['PERSON:Juan García', 'STREET_ADDRESS:Calle Mayor 12, Madrid']);
    // A street abbreviated with a full stop, and a postal code on the line below the house number.
    expect(found('Unsere Anschrift lautet Kantstr. 3, 46895 Koszewskischeid, Germany. Besuche bitte nur nach Termin.')).toEqual(['STREET_ADDRESS:Kantstr. 3, 46895 Koszewskischeid, Germany']);
    expect(found('Unsere Anschrift lautet Renkgasse 85\n39508 Veronikascheid. Besuche bitte nur nach Termin.')).toEqual(['STREET_ADDRESS:Renkgasse 85\n39508 Veronikascheid']);
  });

  it('takes no group of a card or phone number for a house number', () => {
    // Before: "meine <STREET_ADDRESS_1> <CREDIT_CARD_1>", the noun before the card kept as a street.
    expect(found('Meine E-Mail ist katrin.vogel@beispiel.de und meine Kreditkarte 4111 1111 1111 1111.')).toEqual([
      'EMAIL:katrin.vogel@beispiel.de',
      'CREDIT_CARD:4111 1111 1111 1111',
    ]);
  });

  it('finds a person after a title or a naming verb, without the title or greeting', () => {
    expect(found('Können Sie bitte Frau Schulz ausrichten, dass der Termin verschoben wurde?')).toEqual(['PERSON:Schulz']);
    expect(found('Cher Monsieur Girard, nous avons bien reçu votre dossier.')).toEqual(['PERSON:Girard']);
    expect(found("Je m'appelle Pierre Martin et je voudrais modifier ma commande.")).toEqual(['PERSON:Pierre Martin']);
    expect(found('Pode avisar a senhora Sousa que a reunião foi adiada?')).toEqual(['PERSON:Sousa']);
  });

  it('leaves English sentences as they were: particles of names and a quoted phrase do not make them foreign', () => {
    expect(found('Please translate "gracias por todo" into English for my colleague Sarah Jones.')).toEqual(['PERSON:Sarah Jones']);
    expect(found('Billing address: Erlendur G. Hafliðason\n764 Fagradalsbraut 71\nEgilsstaðir')).toContain('PERSON:Erlendur G. Hafliðason');
  });

  it('reads a short closing line as the language of the sentence before it', () => {
    const text = 'Hi Tom,\nCould you translate this complaint?\n"Nous avons constaté à trois reprises des retards de livraison."\nMerci,\nMathilde';
    expect(found(text)).toEqual(['PERSON:Tom', 'PERSON:Mathilde']);
  });
});
